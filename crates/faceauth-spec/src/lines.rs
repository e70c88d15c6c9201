//! The line of every node of a YAML document, by JSON pointer: reports point CI systems at the
//! example or schema in the spec file (and at an entry of an accept file). serde_yaml keeps no
//! positions, so the text is read a second time with saphyr's event parser, which does.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

/// Lines (1-based) of a YAML document's nodes, keyed by JSON pointer (`/paths/~1x/get`).
#[derive(Debug, Clone, Default)]
pub struct YamlLines {
    lines: HashMap<String, u32>,
}

enum Frame {
    /// A mapping: its pointer, and the key whose value comes next (if a key was read).
    Mapping {
        pointer: String,
        key: Option<String>,
    },
    /// A sequence: its pointer and the index of the next item.
    Sequence { pointer: String, next: usize },
}

impl YamlLines {
    /// Indexes `text`. A document that does not parse gives an empty index (the caller has
    /// already reported the parse error through serde_yaml).
    pub fn index(text: &str) -> Self {
        let mut lines = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        for next in Parser::new_from_str(text) {
            let Ok((event, span)) = next else { break };
            let line = span.start.line() as u32;
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(p) = value_pointer(&mut stack, &mut lines, line, &value) {
                        lines.entry(p).or_insert(line);
                    }
                }
                Event::Alias(_) => {
                    if let Some(p) = value_pointer(&mut stack, &mut lines, line, "") {
                        lines.entry(p).or_insert(line);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let pointer =
                        value_pointer(&mut stack, &mut lines, line, "").unwrap_or_default();
                    lines.entry(pointer.clone()).or_insert(line);
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping { pointer, key: None }
                    } else {
                        Frame::Sequence { pointer, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Self { lines }
    }

    /// The line of the node at `pointer`, or of its nearest ancestor the index knows.
    pub fn line_of(&self, pointer: &str) -> Option<u32> {
        let mut pointer = pointer;
        loop {
            if let Some(line) = self.lines.get(pointer) {
                return Some(*line);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// The pointer of the node an event starts, when it is a value; `None` when it is a mapping's
/// key (then the key and its line are remembered: an entry is where its key is).
fn value_pointer(
    stack: &mut [Frame],
    lines: &mut HashMap<String, u32>,
    line: u32,
    scalar: &str,
) -> Option<String> {
    match stack.last_mut() {
        None => Some(String::new()),
        Some(Frame::Mapping { pointer, key }) => match key.take() {
            Some(k) => Some(format!("{pointer}/{}", escape(&k))),
            None => {
                lines.insert(format!("{pointer}/{}", escape(scalar)), line);
                *key = Some(scalar.to_owned());
                None
            }
        },
        Some(Frame::Sequence { pointer, next }) => {
            let p = format!("{pointer}/{next}");
            *next += 1;
            Some(p)
        }
    }
}

/// A place in a spec (or an accept file): the repository-relative path, the line, and the JSON
/// pointer of the node. Reports point at it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SpecLocation {
    /// The file, relative to the repository root (`specs/verisoul.yaml`), as code hosts expect.
    pub file: String,
    /// The line (1-based), where it is known.
    pub line: Option<u32>,
    /// The node's JSON pointer in the document.
    pub pointer: String,
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_items_and_nested_nodes_have_their_lines() {
        let text = "a: 1\npaths:\n  /x/y:\n    get:\n      tags:\n        - one\n        - two\n'200':\n  {b: 2}\n";
        let lines = YamlLines::index(text);
        assert_eq!(lines.line_of("/a"), Some(1));
        assert_eq!(lines.line_of("/paths/~1x~1y/get"), Some(4));
        assert_eq!(lines.line_of("/paths/~1x~1y/get/tags/1"), Some(7));
        assert_eq!(lines.line_of("/200"), Some(8));
        assert_eq!(lines.line_of("/200/b"), Some(9));
        // Unknown below a known node: the nearest ancestor.
        assert_eq!(lines.line_of("/paths/~1x~1y/get/nothing/here"), Some(4));
    }
}
