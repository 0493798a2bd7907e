//! Counts and articles in the window's words: "1 span", "3 spans",
//! "an actor", "a claim".

/// `n` and `noun`, plural (an added "s") unless `n` is one.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `word` after its indefinite article: "an actor", "a claim" (by its
/// first letter: "an" before a vowel).
pub fn a(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

/// `text` with its first letter in upper case ("An actor").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::{a, counted};

    #[test]
    fn a_actor_span_was_said_for_an_actor_span() {
        assert_eq!(a("actor"), "an actor");
        assert_eq!(a("claim"), "a claim");
        assert_eq!(a("organization or actor"), "an organization or actor");
    }

    #[test]
    fn one_span_was_said_as_1_spans() {
        assert_eq!(counted(1, "span"), "1 span");
        assert_eq!(counted(0, "span"), "0 spans");
        assert_eq!(counted(61, "span"), "61 spans");
    }
}
