//! JSON pointers (RFC 6901) into a response body, read one way for the summaries and the spec.

/// The tokens of `pointer`, unescaped (`~1` is `/`, `~0` is `~`); none for the whole document.
pub(crate) fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(unescape)
}

/// `pointer`'s parent and its last token, unescaped (`None` for the whole document).
pub(crate) fn parent_and_last(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, unescape(last)))
}

/// Whether a token names an item of an array (a non-negative integer).
pub(crate) fn is_index(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unescaped_and_indices_told_apart() {
        assert_eq!(
            tokens("/a~1b/0/c~0d").collect::<Vec<_>>(),
            ["a/b", "0", "c~d"]
        );
        assert_eq!(tokens("").count(), 0);
        assert_eq!(
            parent_and_last("/data/x~1y"),
            Some(("/data", "x/y".to_owned()))
        );
        assert_eq!(parent_and_last(""), None);
        assert!(is_index("12") && !is_index("") && !is_index("1a"));
    }
}
