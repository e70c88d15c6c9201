//! A secret as an echo may spell it. A vendor that echoes a password or a key seldom echoes it
//! byte for byte: a JSON encoder escapes `"` and `\` and may write every non-ASCII character as
//! `\uXXXX` (Python's default), an error page HTML-escapes it, a URL or a form percent-encodes it,
//! a JSON pointer to a field named after it writes `/` as `~1`, and an error message that quotes
//! a JSON body escapes the escapes again. Scrubbing only the literal value let all of those
//! through.
//!
//! So a secret is found character by character, each in any of its spellings, mixed freely:
//!
//! - itself;
//! - a backslash escape, behind any run of backslashes (nested encodings): `\"`, `\\`, `\/`,
//!   `\n` and the other JSON escapes, `\uXXXX` (a UTF-16 surrogate pair beyond U+FFFF), `\xHH`;
//! - percent-encoded, each byte of its UTF-8 as `%HH`, `%uXXXX`, and `+` for a space;
//! - an HTML character reference: `&#DD;`, `&#xHH;`, `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;`;
//! - in a JSON pointer, `~1` for `/` and `~0` for `~`.
//!
//! Hex digits in either case. The search is a walk of the secret's characters over a set of
//! text offsets (a small NFA), from each place where the first character's spelling can begin.

use std::ops::Range;

/// The most backslashes one escape may stand behind (four levels of nesting).
const MAX_BACKSLASHES: usize = 16;

/// The most text offsets a partial match keeps (a long run of backslashes branches).
const MAX_FRONTIER: usize = 64;

/// Bytes that begin a spelling other than the literal one: where a text holds none of them, a
/// secret can only occur literally.
pub(super) fn has_escapes(text: &str, with_space: bool, with_pointer: bool) -> bool {
    text.bytes().any(|b| {
        matches!(b, b'\\' | b'%' | b'&') || (with_space && b == b'+') || (with_pointer && b == b'~')
    })
}

/// Each place `secret` occurs in `text` in any spelling: byte ranges, leftmost first, the longest
/// at each start, not overlapping.
pub(super) fn find_all(text: &str, secret: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = secret.chars().collect();
    let Some(&first) = chars.first() else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut first_bytes = [false; 256];
    let mut buffer = [0u8; 4];
    first_bytes[first.encode_utf8(&mut buffer).as_bytes()[0] as usize] = true;
    for b in [b'\\', b'%', b'&'] {
        first_bytes[b as usize] = true;
    }
    first_bytes[b'+' as usize] |= first == ' ';
    first_bytes[b'~' as usize] |= first == '/' || first == '~';
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if first_bytes[bytes[at] as usize] {
            if let Some(end) = match_from(bytes, at, &chars) {
                found.push(at..end);
                at = end;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// Where a match of `secret` that starts at `start` ends (the longest), if one does.
fn match_from(text: &[u8], start: usize, secret: &[char]) -> Option<usize> {
    let mut frontier = vec![start];
    let mut next = Vec::new();
    for &c in secret {
        next.clear();
        for &at in &frontier {
            spellings_at(text, at, c, &mut next);
        }
        if next.is_empty() {
            return None;
        }
        next.sort_unstable();
        next.dedup();
        next.truncate(MAX_FRONTIER);
        std::mem::swap(&mut frontier, &mut next);
    }
    frontier.last().copied()
}

/// Pushes onto `ends` the end of each spelling of `c` that begins at `at`.
fn spellings_at(text: &[u8], at: usize, c: char, ends: &mut Vec<usize>) {
    let rest = &text[at.min(text.len())..];
    let Some(&head) = rest.first() else {
        return;
    };
    let mut buffer = [0u8; 4];
    let literal = c.encode_utf8(&mut buffer).as_bytes();
    if rest.starts_with(literal) {
        ends.push(at + literal.len());
    }
    match head {
        b'\\' => backslashed(text, at, c, ends),
        b'%' => percent_encoded(text, at, c, ends),
        b'&' => html_reference(rest, c)
            .into_iter()
            .for_each(|n| ends.push(at + n)),
        b'+' if c == ' ' => ends.push(at + 1),
        b'~' if rest.get(1) == Some(&b'1') && c == '/' => ends.push(at + 2),
        b'~' if rest.get(1) == Some(&b'0') && c == '~' => ends.push(at + 2),
        _ => {}
    }
}

/// The spellings of `c` behind a run of backslashes at `at`.
fn backslashed(text: &[u8], at: usize, c: char, ends: &mut Vec<usize>) {
    let run = text[at..]
        .iter()
        .take(MAX_BACKSLASHES + 1)
        .take_while(|&&b| b == b'\\')
        .count();
    if run > MAX_BACKSLASHES {
        return;
    }
    // A backslash itself: any part of the run (one level or several of escaping, the rest
    // belonging to what follows).
    if c == '\\' {
        ends.extend((1..=run).map(|n| at + n));
    }
    let after = at + run;
    let short = match c {
        '"' => Some(b'"'),
        '/' => Some(b'/'),
        '\'' => Some(b'\''),
        '\n' => Some(b'n'),
        '\r' => Some(b'r'),
        '\t' => Some(b't'),
        '\u{8}' => Some(b'b'),
        '\u{c}' => Some(b'f'),
        _ => None,
    };
    if short.is_some() && text.get(after).copied() == short {
        ends.push(after + 1);
    }
    match text.get(after) {
        Some(b'u') => {
            let Some(unit) = hex_at(text, after + 1, 4) else {
                return;
            };
            let mut units = [0u16; 2];
            match c.encode_utf16(&mut units) {
                [only] if u32::from(*only) == unit => ends.push(after + 5),
                [high, low] if u32::from(*high) == unit => {
                    // The low surrogate behind its own run of backslashes.
                    let second = after + 5;
                    let run = text[second.min(text.len())..]
                        .iter()
                        .take(MAX_BACKSLASHES)
                        .take_while(|&&b| b == b'\\')
                        .count();
                    let u = second + run;
                    if run > 0
                        && text.get(u) == Some(&b'u')
                        && hex_at(text, u + 1, 4) == Some(u32::from(*low))
                    {
                        ends.push(u + 5);
                    }
                }
                _ => {}
            }
        }
        Some(b'x') if hex_at(text, after + 1, 2) == Some(c as u32) => ends.push(after + 3),
        _ => {}
    }
}

/// `%HH` for each UTF-8 byte of `c`, or `%uXXXX`.
fn percent_encoded(text: &[u8], at: usize, c: char, ends: &mut Vec<usize>) {
    if text.get(at + 1) == Some(&b'u') {
        if hex_at(text, at + 2, 4) == Some(c as u32) {
            ends.push(at + 6);
        }
        return;
    }
    let mut buffer = [0u8; 4];
    let mut offset = at;
    for &byte in c.encode_utf8(&mut buffer).as_bytes() {
        if text.get(offset) != Some(&b'%') || hex_at(text, offset + 1, 2) != Some(u32::from(byte)) {
            return;
        }
        offset += 3;
    }
    ends.push(offset);
}

/// The length of an HTML character reference to `c` at the start of `rest`.
fn html_reference(rest: &[u8], c: char) -> Option<usize> {
    let end = rest.iter().take(12).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&rest[1..end]).ok()?;
    let named = match name {
        "quot" => Some('"'),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "apos" => Some('\''),
        _ => None,
    };
    let numeric = || {
        let digits = name.strip_prefix('#')?;
        let code = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => digits.parse().ok()?,
        };
        char::from_u32(code)
    };
    (named.or_else(numeric) == Some(c)).then_some(end + 1)
}

/// The number written by `digits` hex digits at `at`, if they are all there.
fn hex_at(text: &[u8], at: usize, digits: usize) -> Option<u32> {
    let hex = text.get(at..at + digits)?;
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::find_all;

    /// The text between each match, with `[x]` for each.
    fn marked(text: &str, secret: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for range in find_all(text, secret) {
            out.push_str(&text[last..range.start]);
            out.push_str("[x]");
            last = range.end;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn each_spelling_of_a_secret_is_found() {
        let secret = "p\"w\\d%é/😀 ~";
        let cases = [
            // Literal.
            (r#"a p"w\d%é/😀 ~ b"#, "a [x] b"),
            // JSON-escaped, as serde_json writes it.
            (r#"{"e":"p\"w\\d%é/😀 ~"}"#, r#"{"e":"[x]"}"#),
            // Every non-ASCII character \u-escaped (Python's json.dumps), `/` as `\/` (PHP).
            (
                r#"{"e":"p\"w\\d%\u00e9\/\ud83d\ude00 ~"}"#,
                r#"{"e":"[x]"}"#,
            ),
            // Upper-case hex, and `"` itself as \u0022.
            (r#"p\u0022w\\d%\u00E9/\uD83D\uDE00 ~"#, "[x]"),
            // Escaped twice: a JSON body quoted in a JSON error message.
            (
                r#""body: {\"pw\":\"p\\\"w\\\\d%\\u00e9/\\ud83d\\ude00 ~\"}""#,
                r#""body: {\"pw\":\"[x]\"}""#,
            ),
            // Percent-encoded (a form or a URL), `+` for the space, mixed with literal bytes.
            ("pw=p%22w%5Cd%25%C3%A9%2F%F0%9F%98%80+%7E&x=1", "pw=[x]&x=1"),
            ("pw=p%22w%5cd%25%c3%a9/%F0%9F%98%80%20~", "pw=[x]"),
            // HTML-escaped in an error page.
            ("<p>p&quot;w\\d%&#233;&#x2F;&#128512; ~</p>", "<p>[x]</p>"),
            // A JSON pointer to a field named after it.
            ("/p\"w\\d%é~1😀 ~0", "/[x]"),
        ];
        for (text, want) in cases {
            assert_eq!(marked(text, secret), want, "in {text}");
        }
    }

    #[test]
    fn near_misses_are_left_alone() {
        let secret = "sk-live-42";
        for text in [
            "sk-live-4",
            "sk-live-43",
            r"sk-live-\u0034",
            "sk%2Dlive-4",
            "SK-LIVE-42",
        ] {
            assert_eq!(
                find_all(text, secret),
                Vec::<std::ops::Range<usize>>::new(),
                "{text}"
            );
        }
        assert_eq!(marked("sk-live-42sk-live-42", secret), "[x][x]");
        assert_eq!(marked(r"sk-live-\u0034\u0032!", secret), "[x]!");
    }

    #[test]
    fn a_run_of_backslashes_is_bounded() {
        let text = "\\".repeat(100_000);
        assert!(find_all(&text, "\\\\\\").len() > 1000);
        assert!(find_all(&text, "a\\").is_empty());
    }
}
