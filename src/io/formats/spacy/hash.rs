//! spaCy's string ids: the 64-bit key a `StringStore` gives a string, which
//! is what a `DocBin` stores in place of every word and label.
//!
//! `StringStore` gives `""` the id 0, each reserved symbol its small number
//! (`spacy.symbols.IDS`) and every other string `hash_string`, which is
//! `murmurhash`'s `hash64` (`MurmurHash64A`) over the UTF-8 bytes with seed
//! 1.

use super::symbols::SYMBOLS;

/// The seed spaCy's `hash_string` passes to `hash64`.
const SEED: u64 = 1;

/// The id spaCy's `StringStore` gives `text` (`nlp.vocab.strings[text]`).
pub fn string_id(text: &str) -> u64 {
    string_id_with_hash(text, string_hash(text))
}

/// spaCy's `hash_string(text)`: what [`string_id`] is for every string but
/// `""` and the reserved symbols.
pub fn string_hash(text: &str) -> u64 {
    murmur_hash_64a(text.as_bytes(), SEED)
}

/// [`string_id`] of `text` whose [`string_hash`] is `hash`.
pub fn string_id_with_hash(text: &str, hash: u64) -> u64 {
    if text.is_empty() {
        return 0;
    }
    match SYMBOLS.binary_search_by(|&(name, _)| name.cmp(text)) {
        Ok(at) => SYMBOLS[at].1,
        Err(_) => hash,
    }
}

/// Austin Appleby's `MurmurHash64A` (64-bit words read little-endian, as on
/// the x86-64 and ARM machines spaCy runs on).
pub fn murmur_hash_64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut words = key.chunks_exact(8);
    for word in &mut words {
        let mut k = u64::from_le_bytes(word.try_into().expect("8-byte chunk"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        for (i, &byte) in tail.iter().enumerate() {
            h ^= u64::from(byte) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids printed by spaCy 3.8.18: `spacy.blank("en").vocab.strings[s]`.
    #[test]
    fn string_ids_match_spacy() {
        for (text, id) in [
            ("a", 11_901_859_001_352_538_922),
            ("apple", 8_566_208_034_543_834_098),
            ("Trump", 1_134_333_841_961_332_695),
            ("Zo\u{eb}", 16_948_573_035_762_911_534),
            ("\u{1F469}\u{200D}\u{1F4BB}", 1_203_080_215_470_486_503),
            ("hello world", 2_758_594_965_276_909_933),
            ("12345678", 9_871_996_032_675_327_904),
            ("123456789", 2_056_675_840_866_671_865),
            ("actor", 6_917_656_656_232_907_963),
        ] {
            assert_eq!(string_id(text), id, "{text:?}");
        }
    }

    #[test]
    fn reserved_symbols_and_the_empty_string_keep_their_small_ids() {
        assert_eq!(string_id(""), 0);
        assert_eq!(string_id("IS_ALPHA"), 1);
        assert_eq!(string_id("FLAG19"), 19);
        assert_eq!(string_id("ORTH"), 65);
        assert_eq!(string_id("PERSON"), 380);
        assert_eq!(string_id("ORG"), 383);
        assert_eq!(string_id("nsubj"), 429);
        assert_eq!(string_id("_"), 456);
        // Symbols are case-sensitive: "person" is an ordinary string.
        assert_eq!(string_id("person"), murmur_hash_64a(b"person", SEED));
    }

    #[test]
    fn symbol_table_is_sorted_and_numbers_every_id_once() {
        assert!(SYMBOLS.windows(2).all(|w| w[0].0 < w[1].0));
        let mut ids: Vec<u64> = SYMBOLS.iter().map(|&(_, id)| id).collect();
        ids.sort_unstable();
        assert!(ids.iter().enumerate().all(|(i, &id)| id == i as u64));
    }
}
