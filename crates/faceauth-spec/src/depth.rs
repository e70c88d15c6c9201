//! How deeply a YAML document nests, found in one pass that stops at a bound. YAML parsers in
//! the libyaml line (serde_yaml's among them) look at every open flow collection for each token,
//! which makes a document nested `[[[[...` n deep cost n² steps (100,000 levels: over a minute);
//! a document deeper than any file we read is refused before it reaches them.

use saphyr_parser::{Event, Parser};

/// Whether `text` nests collections deeper than `limit`: `Err(line)` with the line where the
/// nesting passes it. Reading stops there, so the cost is that of the first `limit` levels.
/// A document that does not parse is left to the caller's parser, which says why, unless
/// saphyr stopped at its own nesting limit (it scans a little ahead of the events it gives,
/// and refuses flow collections nested a few hundred deep as it scans them).
pub fn check_depth(text: &str, limit: usize) -> Result<(), u32> {
    let mut depth = 0usize;
    for next in Parser::new_from_str(text) {
        let (event, span) = match next {
            Ok(next) => next,
            Err(e) if e.info().contains("recursion limit") => return Err(e.marker().line() as u32),
            Err(_) => return Ok(()),
        };
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > limit {
                    return Err(span.start.line() as u32);
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_depth;

    #[test]
    fn nesting_is_counted_in_every_style_up_to_the_limit() {
        assert_eq!(check_depth("a: {b: [1, {c: d}]}\n", 4), Ok(()));
        assert_eq!(check_depth("a: {b: [1, {c: d}]}\n", 3), Err(1));
        assert_eq!(check_depth("a:\n  b:\n    - c: d\n", 4), Ok(()));
        assert_eq!(check_depth("a:\n  b:\n    - c: d\n", 3), Err(3));
        assert_eq!(check_depth("- - - x\n", 3), Ok(()));
        assert_eq!(check_depth("- - - x\n", 2), Err(1));
        // Not YAML: left to the caller's parser.
        assert_eq!(check_depth("a: [\n", 0), Err(1));
        assert_eq!(check_depth("]]]\n", 0), Ok(()));
    }
}
