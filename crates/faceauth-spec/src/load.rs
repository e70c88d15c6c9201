//! Every spec any part of the project reads (the build script, the conformance runner, the mock,
//! drift, `faceauth diff`, a folder given with `--specs`) comes through [`load`]: a spec is
//! untrusted input (a pull request from a fork, a file a colleague sent), so it is read within
//! bounds of time and memory, and refused in one line naming the file and the place when it
//! passes one:
//!
//! - its size ([`MAX_SPEC_BYTES`]);
//! - its nesting ([`MAX_NESTING`], checked in one pass before the YAML parser sees the text,
//!   whose cost grows with the square of the depth);
//! - YAML aliases (`*name`): refused outright, so that no document can expand (a "billion
//!   laughs" of nested aliases needs a few kilobytes); a spec spells each node out;
//! - reference cycles: a `$ref` chain that comes back to itself, or a `$ref` to a node that
//!   holds it (`$ref: "#"`), anywhere but between schema components (a recursive data type is an
//!   OpenAPI schema's right), and a `$ref` that resolves to nothing;
//! - a document that is not OpenAPI 3.0 (`openapi: 3.0.x` and a `paths` map).
//!
//! ```
//! use faceauth_spec::load::{load, LoadError};
//!
//! let spec = load("acme.yaml", "openapi: 3.0.3\npaths: {}\n").unwrap();
//! assert_eq!(spec["openapi"], "3.0.3");
//!
//! let cycle = "openapi: 3.0.3\npaths:\n  /a:\n    post:\n      requestBody: {$ref: '#'}\n";
//! let error = load("acme.yaml", cycle).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "acme.yaml: a $ref cycle at /paths/~1a/post/requestBody: `#` holds the reference itself"
//! );
//! ```

use saphyr_parser::{Event, Parser};
use serde_json::Value;

use crate::lines::escape;

/// The largest spec read: the four vendors' together are under 400 KiB.
pub const MAX_SPEC_BYTES: usize = 8 * 1024 * 1024;

/// The deepest nesting of collections a spec may have (the vendors' reach 15).
pub const MAX_NESTING: usize = 64;

/// Why a spec is refused. `Display` is one line: the file, then the place and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    /// Larger than [`MAX_SPEC_BYTES`].
    TooLarge {
        /// The file.
        file: String,
        /// Its size in bytes.
        bytes: usize,
    },
    /// Nested deeper than [`MAX_NESTING`] levels, first at `line`.
    TooDeep {
        /// The file.
        file: String,
        /// The line where the nesting passes the bound.
        line: u32,
    },
    /// A YAML alias, at `line`.
    Alias {
        /// The file.
        file: String,
        /// The alias's line.
        line: u32,
    },
    /// Not YAML.
    Yaml {
        /// The file.
        file: String,
        /// The parser's message (with its line and column).
        reason: String,
    },
    /// Not an OpenAPI 3.0 document.
    NotOpenApi {
        /// The file.
        file: String,
        /// What is missing.
        reason: &'static str,
    },
    /// The file cannot be read (it is gone, a folder, not UTF-8 text).
    Unreadable {
        /// The file.
        file: String,
        /// Why, as the system or the decoder says it.
        reason: String,
    },
    /// A `$ref` that cannot be followed: it loops, holds itself, or names nothing.
    Reference {
        /// The file.
        file: String,
        /// The JSON pointer of the node that holds the `$ref`.
        at: String,
        /// The reference, as written.
        reference: String,
        /// Why.
        reason: &'static str,
    },
}

impl LoadError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            Self::TooLarge { file, .. }
            | Self::TooDeep { file, .. }
            | Self::Alias { file, .. }
            | Self::Yaml { file, .. }
            | Self::NotOpenApi { file, .. }
            | Self::Unreadable { file, .. }
            | Self::Reference { file, .. } => file,
        }
    }

    /// What is wrong and where, without the file (for a message that names it already).
    pub fn reason(&self) -> String {
        match self {
            Self::TooLarge { bytes, .. } => {
                format!("{bytes} bytes, larger than any spec is read ({MAX_SPEC_BYTES} bytes)")
            }
            Self::TooDeep { line, .. } => format!(
                "nested deeper than {MAX_NESTING} levels (line {line}); a spec nests about 15"
            ),
            Self::Alias { line, .. } => format!(
                "a YAML alias at line {line}; a spec spells out each node (aliases are not read, so that no document can expand beyond its size)"
            ),
            Self::Yaml { reason, .. } => format!("not valid YAML: {reason}"),
            Self::NotOpenApi { reason, .. } => format!("not an OpenAPI 3.0 document: {reason}"),
            Self::Unreadable { reason, .. } => format!("cannot be read: {reason}"),
            Self::Reference {
                at,
                reference,
                reason,
                ..
            } => format!("a $ref {reason} at {at}: `{reference}`{}", suffix(reason)),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file(), self.reason())
    }
}

/// The words after the reference: a cycle says how it closes.
fn suffix(reason: &str) -> &'static str {
    if reason == "cycle" {
        " holds the reference itself"
    } else {
        ""
    }
}

impl std::error::Error for LoadError {}

/// Reads the spec at `path` (named `file` in every error) as text, never more than
/// [`MAX_SPEC_BYTES`] and a byte of it: a larger file (or a device that never ends) is refused
/// without being held. [`load`] then parses it.
///
/// ```
/// use faceauth_spec::load::{read, LoadError};
///
/// let path = std::env::temp_dir().join(format!("acme-{}.yaml", std::process::id()));
/// std::fs::write(&path, vec![b'#'; faceauth_spec::load::MAX_SPEC_BYTES + 10]).unwrap();
/// assert!(matches!(read(&path, "acme.yaml"), Err(LoadError::TooLarge { .. })));
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn read(path: &std::path::Path, file: &str) -> Result<String, LoadError> {
    use std::io::Read as _;
    let unreadable = |reason: String| LoadError::Unreadable {
        file: file.to_owned(),
        reason,
    };
    let opened = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut bytes = Vec::new();
    opened
        .take(MAX_SPEC_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() > MAX_SPEC_BYTES {
        let size = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
        return Err(LoadError::TooLarge {
            file: file.to_owned(),
            bytes: size.max(bytes.len()),
        });
    }
    String::from_utf8(bytes).map_err(|e| unreadable(format!("not UTF-8 text ({e})")))
}

/// Reads `text`, the spec `file` (named in every error), within the bounds above, as JSON.
pub fn load(file: &str, text: &str) -> Result<Value, LoadError> {
    let document = load_yaml(file, text)?;
    let file = file.to_owned();
    let is_openapi_3_0 = document["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0."));
    if !is_openapi_3_0 {
        return Err(LoadError::NotOpenApi {
            file,
            reason: "no `openapi: 3.0.x`",
        });
    }
    if !document["paths"].is_object() {
        return Err(LoadError::NotOpenApi {
            file,
            reason: "no `paths` map",
        });
    }
    check_references(&file, &document)?;
    Ok(document)
}

/// Reads `text`, a YAML or JSON document `file` that need not be OpenAPI (an Overlay, an OpenAPI
/// document of another version), within the same bounds of size, nesting and aliases.
///
/// ```
/// let overlay = faceauth_spec::load::load_yaml("fix.overlay.yaml", "overlay: 1.0.0\n").unwrap();
/// assert_eq!(overlay["overlay"], "1.0.0");
/// let error = faceauth_spec::load::load_yaml("fix.overlay.yaml", "a: &x 1\nb: *x\n").unwrap_err();
/// assert_eq!(error.file(), "fix.overlay.yaml");
/// ```
pub fn load_yaml(file: &str, text: &str) -> Result<Value, LoadError> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(LoadError::TooLarge {
            file: file.to_owned(),
            bytes: text.len(),
        });
    }
    check_events(file, text)?;
    serde_yaml::from_str(text).map_err(|e| LoadError::Yaml {
        file: file.to_owned(),
        reason: e.to_string(),
    })
}

/// The nesting bound and the aliases, in one pass over the parser's events that stops at the
/// first fault (so a hostile document costs what its first `MAX_NESTING` levels cost).
fn check_events(file: &str, text: &str) -> Result<(), LoadError> {
    let mut depth = 0usize;
    for next in Parser::new_from_str(text) {
        let (event, span) = match next {
            Ok(next) => next,
            Err(e) if e.info().contains("recursion limit") => {
                return Err(LoadError::TooDeep {
                    file: file.to_owned(),
                    line: e.marker().line() as u32,
                })
            }
            // Not YAML: the YAML parser says why, with its place.
            Err(_) => return Ok(()),
        };
        let line = span.start.line() as u32;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(LoadError::TooDeep {
                        file: file.to_owned(),
                        line,
                    });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::Alias(_) => {
                return Err(LoadError::Alias {
                    file: file.to_owned(),
                    line,
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every `$ref` of `document` can be followed: to a node that exists, through a chain that ends,
/// and not into a node that holds it, but between schema components (a recursive type).
fn check_references(file: &str, document: &Value) -> Result<(), LoadError> {
    let mut found = Vec::new();
    collect_references(document, String::new(), &mut found);
    for (at, reference) in found {
        let error = |reason: &'static str| LoadError::Reference {
            file: file.to_owned(),
            at: at.clone(),
            reference: reference.clone(),
            reason,
        };
        let Some(target) = reference.strip_prefix('#') else {
            return Err(error("outside the document"));
        };
        if document.pointer(target).is_none() {
            return Err(error("that names nothing"));
        }
        let within_schemas = |pointer: &str| pointer.starts_with("/components/schemas/");
        // A reference into a node that holds it: expanding it never ends.
        let holds = at == target || at.starts_with(&format!("{target}/")) || target.is_empty();
        if holds && !(within_schemas(&at) && within_schemas(target)) {
            return Err(error("cycle"));
        }
        // A chain of references that comes back to one it passed.
        let mut seen = vec![target.to_owned()];
        let mut next = target.to_owned();
        while let Some(Value::String(further)) = document.pointer(&next).and_then(|n| n.get("$ref"))
        {
            let Some(further) = further.strip_prefix('#') else {
                break;
            };
            if seen.iter().any(|s| s == further) {
                return Err(error("cycle"));
            }
            seen.push(further.to_owned());
            next = further.to_owned();
        }
    }
    Ok(())
}

/// Every `$ref` string with the pointer of the node that holds it.
fn collect_references(value: &Value, pointer: String, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found.push((pointer.clone(), reference.clone()));
            }
            for (key, child) in map {
                // Examples are data: a `$ref` key inside one is a value, not a reference.
                if key == "example" || key == "examples" && !pointer.ends_with("/components") {
                    continue;
                }
                collect_references(child, format!("{pointer}/{}", escape(key)), found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_references(item, format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "openapi: 3.0.3\npaths:\n";

    fn refused(text: &str) -> String {
        load("t.yaml", text).unwrap_err().to_string()
    }

    #[test]
    fn cycles_of_every_kind_are_refused_with_their_place() {
        // A request body that refers to the document, to itself, to its own operation.
        for (body, reference) in [
            ("{$ref: '#'}", "#"),
            (
                "{$ref: '#/paths/~1a/post/requestBody'}",
                "#/paths/~1a/post/requestBody",
            ),
            ("{$ref: '#/paths/~1a/post'}", "#/paths/~1a/post"),
        ] {
            let text = format!("{HEAD}  /a:\n    post:\n      requestBody: {body}\n");
            assert_eq!(
                refused(&text),
                format!("t.yaml: a $ref cycle at /paths/~1a/post/requestBody: `{reference}` holds the reference itself")
            );
        }
        // A chain of responses that loops.
        let chain = format!("{HEAD}  /a:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/A'}}\ncomponents:\n  responses:\n    A: {{$ref: '#/components/responses/B'}}\n    B: {{$ref: '#/components/responses/A'}}\n");
        assert!(
            refused(&chain).contains("a $ref cycle at"),
            "{}",
            refused(&chain)
        );
        // Nothing there.
        let dangling = format!("{HEAD}  /a:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/Z'}}\n");
        assert!(refused(&dangling).contains("that names nothing"));
        // A recursive schema is a schema's right.
        let recursive = "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Node:\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n";
        assert!(load("t.yaml", recursive).is_ok());
    }

    #[test]
    fn aliases_depth_size_and_what_is_not_openapi_are_refused() {
        let laughs = "openapi: 3.0.3\npaths: {}\nx: &a [1, 1]\ny: &b [*a, *a]\nz: [*b, *b]\n";
        assert_eq!(refused(laughs), "t.yaml: a YAML alias at line 4; a spec spells out each node (aliases are not read, so that no document can expand beyond its size)");
        let deep = format!(
            "openapi: 3.0.3\npaths: {{}}\nx: {}1{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        // Refused at the 65th level, before a parser sees the rest (its cost is measured in
        // BENCHMARKS.md, not here).
        assert_eq!(
            refused(&deep),
            "t.yaml: nested deeper than 64 levels (line 3); a spec nests about 15"
        );
        assert!(refused(&" ".repeat(MAX_SPEC_BYTES + 1)).contains("larger than any spec"));
        assert_eq!(
            refused(""),
            "t.yaml: not an OpenAPI 3.0 document: no `openapi: 3.0.x`"
        );
        assert_eq!(
            refused("hello: world\n"),
            "t.yaml: not an OpenAPI 3.0 document: no `openapi: 3.0.x`"
        );
        assert_eq!(
            refused("openapi: 3.1.0\npaths: {}\n"),
            "t.yaml: not an OpenAPI 3.0 document: no `openapi: 3.0.x`"
        );
        assert_eq!(
            refused("openapi: 3.0.3\n"),
            "t.yaml: not an OpenAPI 3.0 document: no `paths` map"
        );
        assert!(refused("openapi: [\n").contains("not valid YAML"));
    }
}
