//! Counts in the window's words: "1 span", "3 spans".

/// `n` and `noun`, plural (an added "s") unless `n` is one.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_span_was_said_as_1_spans() {
        assert_eq!(counted(1, "span"), "1 span");
        assert_eq!(counted(0, "span"), "0 spans");
        assert_eq!(counted(61, "span"), "61 spans");
    }
}
