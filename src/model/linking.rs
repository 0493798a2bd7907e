//! Making links, the pure part: which reference attributes of a source may
//! point to a target, the value an attribute takes when a link is made
//! (replaced, or toggled in a `many: true` list kept in text order), and
//! the candidate targets of a source, nearest first (same sentence first,
//! then by distance in code points).

use super::attr_value::AttrValue;
use super::offsets::CharIndex;
use super::schema::{AttributeDef, AttributeKind, Schema};
use super::span::Span;

/// The reference attributes of spans labelled `source_label` that may point
/// to a span labelled `target_label`, in schema order.
pub fn attributes_to<'s>(
    schema: &'s Schema,
    source_label: &str,
    target_label: &str,
) -> Vec<&'s AttributeDef> {
    reference_attributes_of(schema, source_label)
        .filter(|a| matches!(&a.kind, AttributeKind::SpanRef(t) if t.allows(target_label)))
        .collect()
}

/// The reference attributes of spans labelled `label`, in schema order:
/// a span of it is a link source when there is one.
pub fn reference_attributes_of<'s>(
    schema: &'s Schema,
    label: &str,
) -> impl Iterator<Item = &'s AttributeDef> {
    schema
        .label(label)
        .into_iter()
        .flat_map(|l| &l.attributes)
        .filter(|a| matches!(a.kind, AttributeKind::SpanRef(_)))
}

/// Whether a span labelled `target_label` may be a target of any reference
/// attribute of spans labelled `source_label`.
pub fn may_link(schema: &Schema, source_label: &str, target_label: &str) -> bool {
    !attributes_to(schema, source_label, target_label).is_empty()
}

/// What linking to a target did to an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    /// The attribute now names the target (replacing a single reference,
    /// or added to a list).
    Set(AttrValue),
    /// The target was in the list and is taken out of it: the attribute
    /// keeps the rest (`None`: nothing is left, the attribute goes).
    Unset(Option<AttrValue>),
    /// The attribute already names the target alone: nothing changes.
    Unchanged,
}

/// The value of attribute `def` (now `current`) once its span links to
/// span `target`: a single reference is replaced; a `many: true` list
/// gains the target, in text order (the order of `spans`, the layer's
/// canonical order; ids it lacks go last), or loses it when it is there
/// already (a toggle).
pub fn linked_value(
    def: &AttributeDef,
    current: Option<&AttrValue>,
    target: &str,
    spans: &[Span],
) -> Linked {
    if !def.many {
        return match current {
            Some(AttrValue::One(id)) if id == target => Linked::Unchanged,
            _ => Linked::Set(AttrValue::One(target.to_owned())),
        };
    }
    let mut ids: Vec<String> = current
        .map(|v| v.ids().map(str::to_owned).collect())
        .unwrap_or_default();
    if ids.iter().any(|id| id == target) {
        ids.retain(|id| id != target);
        return Linked::Unset((!ids.is_empty()).then_some(AttrValue::Many(ids)));
    }
    ids.push(target.to_owned());
    let place = |id: &String| {
        spans
            .iter()
            .position(|s| s.id.as_str() == id)
            .unwrap_or(usize::MAX)
    };
    ids.sort_by_key(place);
    Linked::Set(AttrValue::Many(ids))
}

/// Positions in `spans` of the spans `allowed` accepts (the source itself
/// never), nearest to `spans[source]` first: those in the source's sentence
/// before the others, and of those the ones outside the source before the
/// ones inside it (a claim's speaker is seldom within the claim), then by
/// the distance between the spans in code points (0 when they overlap),
/// then in text order.
pub fn nearest_first(
    text: &str,
    chars: &CharIndex,
    spans: &[Span],
    source: usize,
    allowed: impl Fn(&Span) -> bool,
) -> Vec<usize> {
    let Some(from) = spans.get(source) else {
        return Vec::new();
    };
    let (first, last) = sentence_around(text, chars, from.start, from.end);
    let mut found: Vec<(bool, bool, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter(|&(i, s)| i != source && allowed(s))
        .map(|(i, s)| {
            let elsewhere = !s.overlaps(first, last);
            let inside = s.overlaps(from.start, from.end);
            let distance = s
                .start
                .saturating_sub(from.end)
                .max(from.start.saturating_sub(s.end));
            (elsewhere, inside, distance, i)
        })
        .collect();
    found.sort_unstable();
    found.into_iter().map(|(.., i)| i).collect()
}

/// The text `span` covers, sliced through the code point index (fast on
/// long documents, unlike a scan from the start).
pub fn covered<'t>(text: &'t str, chars: &CharIndex, span: &Span) -> &'t str {
    &text[chars.char_to_byte(text, span.start)..chars.char_to_byte(text, span.end.max(span.start))]
}

/// A few words around `span` for a list of candidates: up to
/// `around` code points on each side, on the span's own line, cut at word
/// boundaries, with the span's text in guillemets: `…met «Xi» in…`.
pub fn context_around(text: &str, chars: &CharIndex, span: &Span, around: usize) -> String {
    let byte = |c: usize| chars.char_to_byte(text, c);
    let (first, last) = (
        byte(span.start.saturating_sub(around)),
        byte(span.end + around),
    );
    let (from, to) = (byte(span.start), byte(span.end));
    let before = text[first..from]
        .rsplit(is_line_break)
        .next()
        .unwrap_or_default();
    let after = text[to..last]
        .split(is_line_break)
        .next()
        .unwrap_or_default();
    // Cut mid-text (not at a line or the text's edge): drop the partial word.
    let cut_before = first > 0 && before.len() == from - first;
    let cut_after = last < text.len() && after.len() == last - to;
    let before = match before.find(char::is_whitespace) {
        Some(i) if cut_before => &before[i..],
        _ => before,
    };
    let after = match after.rfind(char::is_whitespace) {
        Some(i) if cut_after => &after[..i],
        _ => after,
    };
    let ellipsis = |cut: bool| if cut { "…" } else { "" };
    format!(
        "{}{}\u{AB}{}\u{BB}{}{}",
        ellipsis(cut_before),
        before.trim_start(),
        &text[from..to],
        after.trim_end(),
        ellipsis(cut_after),
    )
    .replace(['\t', '\u{A0}'], " ")
}

/// The sentence holding code points `[start, end)`, as code points
/// `[first, last)`: it runs from just after the previous sentence end (a
/// `.`, `!`, `?` or `…`, perhaps followed by closing quotes or brackets,
/// then white space) or line break, to just before the next.
pub fn sentence_around(text: &str, chars: &CharIndex, start: usize, end: usize) -> (usize, usize) {
    let from = chars.char_to_byte(text, start);
    let to = chars.char_to_byte(text, end.max(start));
    let first = sentence_start(&text[..from]);
    let last = to + sentence_end(&text[to..], text[..to].chars().next_back());
    (
        chars.byte_to_char(text, first),
        chars.byte_to_char(text, last),
    )
}

/// How far a backwards reading has come towards a sentence end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Back {
    /// Inside a sentence's words.
    Text,
    /// In white space (that a sentence end would precede).
    Space,
    /// In closing quotes or brackets before white space.
    Closers,
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '\u{BB}'
    )
}

/// Byte offset in `before` where the sentence that goes on past its end
/// starts (at the white space after the previous sentence's end).
fn sentence_start(before: &str) -> usize {
    let mut state = Back::Text;
    let mut gap = before.len();
    for (i, c) in before.char_indices().rev() {
        if is_line_break(c) {
            return i + c.len_utf8();
        }
        state = match state {
            _ if c.is_whitespace() => {
                gap = i;
                Back::Space
            }
            Back::Space | Back::Closers if is_terminator(c) => return gap,
            Back::Space | Back::Closers if is_closer(c) => Back::Closers,
            _ => Back::Text,
        };
    }
    0
}

/// Byte offset in `after` where the sentence that runs into it ends;
/// `previous` is the character just before `after`.
fn sentence_end(after: &str, previous: Option<char>) -> usize {
    let mut ended = previous.is_some_and(is_terminator);
    for (i, c) in after.char_indices() {
        if is_line_break(c) || ended && c.is_whitespace() {
            return i;
        }
        if is_terminator(c) {
            ended = true;
        } else if !(ended && is_closer(c)) {
            ended = false;
        }
    }
    after.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span::new(SpanId::from(id), start, end, label)
    }

    /// Code point offset of `needle` in `text`.
    fn at(text: &str, needle: &str) -> usize {
        text[..text.find(needle).expect("in text")].chars().count()
    }

    fn spans_of(text: &str, marks: &[(&str, &str, &str)]) -> Vec<Span> {
        let mut spans: Vec<Span> = marks
            .iter()
            .map(|&(id, needle, label)| {
                let start = at(text, needle);
                span(id, start, start + needle.chars().count(), label)
            })
            .collect();
        spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        spans
    }

    fn ids(spans: &[Span], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| spans[i].id.0.clone()).collect()
    }

    #[test]
    fn sentences_end_at_terminators_before_white_space_and_at_line_breaks() {
        let text = "Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB} spoke.\u{201D} Then\u{A0}Putin said so!\r\nNext line";
        let chars = CharIndex::new(text);
        let then = at(text, "Then");
        let putin = at(text, "Putin");
        let (first, last) = sentence_around(text, &chars, putin, putin + 5);
        assert_eq!(first, then - 1, "starts after the closing quote");
        assert_eq!(last, at(text, "\r\n"), "ends at CRLF");
        let (first, last) = sentence_around(text, &chars, 0, 4);
        assert_eq!(first, 0);
        assert_eq!(last, then - 1, "NBSP does not end it; the quote closes it");
        let next = at(text, "Next");
        assert_eq!(
            sentence_around(text, &chars, next, next + 4),
            (next, text.chars().count())
        );
    }

    #[test]
    fn candidates_of_the_same_sentence_come_first_then_by_distance() {
        let text = "Putin met \u{1F469}\u{200D}\u{1F4BB} Xi. \u{201C}Talks matter,\u{201D} said Trump\u{A0}and Zoe\u{308}. Macron\r\nagreed with Merz.";
        let spans = spans_of(
            text,
            &[
                ("T1", "Putin", "actor"),
                ("T2", "Xi", "actor"),
                ("T3", "Talks matter", "claim"),
                ("T4", "Trump", "actor"),
                ("T5", "Zoe\u{308}", "actor"),
                ("T6", "Macron", "actor"),
                ("T7", "Merz", "actor"),
            ],
        );
        let chars = CharIndex::new(text);
        let source = spans
            .iter()
            .position(|s| s.id.as_str() == "T3")
            .expect("T3");
        let order = nearest_first(text, &chars, &spans, source, |s| s.label == "actor");
        assert_eq!(ids(&spans, &order), ["T4", "T5", "T2", "T1", "T6", "T7"]);
        let none = nearest_first(text, &chars, &spans, source, |s| s.label == "date");
        assert!(none.is_empty());
    }

    #[test]
    fn an_actor_inside_the_claim_came_first_and_now_comes_after_the_speaker_beside_it() {
        let text = "Lavrov said \u{201C}Putin\u{A0}\u{1F44D}\u{1F3FD} will come\u{201D}.\r\nPutin.";
        let spans = spans_of(
            text,
            &[
                ("T1", "Lavrov", "actor"),
                ("T2", "Putin\u{A0}\u{1F44D}\u{1F3FD} will come", "claim"),
                ("T3", "Putin", "actor"),
            ],
        );
        let chars = CharIndex::new(text);
        let claim = spans
            .iter()
            .position(|s| s.label == "claim")
            .expect("claim");
        let order = nearest_first(text, &chars, &spans, claim, |s| s.label == "actor");
        // T3 is the Putin inside the claim (the first match of "Putin").
        assert_eq!(ids(&spans, &order), ["T1", "T3"]);
    }

    #[test]
    fn a_many_list_toggles_its_targets_in_text_order_and_a_single_one_is_replaced() {
        let mut schema = Schema::builtin();
        schema.labels[2].attributes[0].many = true;
        let many = &schema.labels[2].attributes[0];
        let spans = vec![
            span("T9", 0, 5, "actor"),
            span("T2", 8, 12, "actor"),
            span("T3", 20, 30, "claim"),
        ];
        let one = Linked::Set(AttrValue::Many(vec!["T2".into()]));
        assert_eq!(linked_value(many, None, "T2", &spans), one);
        let Linked::Set(value) = one else {
            unreachable!()
        };
        let both = linked_value(many, Some(&value), "T9", &spans);
        assert_eq!(
            both,
            Linked::Set(AttrValue::Many(vec!["T9".into(), "T2".into()])),
            "text order, not the order of linking"
        );
        let Linked::Set(value) = both else {
            unreachable!()
        };
        assert_eq!(
            linked_value(many, Some(&value), "T9", &spans),
            Linked::Unset(Some(AttrValue::Many(vec!["T2".into()])))
        );
        let last = AttrValue::Many(vec!["T2".into()]);
        assert_eq!(
            linked_value(many, Some(&last), "T2", &spans),
            Linked::Unset(None)
        );

        let single = &Schema::builtin().labels[2].attributes[0];
        let t2 = AttrValue::One("T2".into());
        assert_eq!(
            linked_value(single, Some(&t2), "T9", &spans),
            Linked::Set(AttrValue::One("T9".into()))
        );
        assert_eq!(
            linked_value(single, Some(&t2), "T2", &spans),
            Linked::Unchanged
        );
    }

    #[test]
    fn context_around_a_candidate_stays_on_its_line_and_cuts_at_words() {
        let text = "Hello\r\nthe \u{1F469}\u{200D}\u{1F4BB} team met Zoe\u{308} in Rome\u{A0}today at noon";
        let chars = CharIndex::new(text);
        let start = at(text, "Zoe");
        let zoe = span("T1", start, start + 4, "actor");
        assert_eq!(
            context_around(text, &chars, &zoe, 10),
            "…team met \u{AB}Zoe\u{308}\u{BB} in Rome…"
        );
        let hello = span("T2", 0, 5, "actor");
        assert_eq!(context_around(text, &chars, &hello, 6), "\u{AB}Hello\u{BB}");
    }

    #[test]
    fn attributes_to_a_target_are_those_allowing_its_label() {
        let schema = Schema::builtin();
        let names = |s: &str, t: &str| -> Vec<String> {
            attributes_to(&schema, s, t)
                .iter()
                .map(|a| a.name.clone())
                .collect()
        };
        assert_eq!(names("stance", "actor"), ["holder"]);
        assert_eq!(names("claim", "actor"), ["speaker"]);
        assert!(names("claim", "date").is_empty());
        assert!(!may_link(&schema, "actor", "actor"));
        assert!(may_link(&schema, "claim", "actor"));
    }
}
