//! Why two versions of the specs cannot be compared, or a version checked. `Display` is one line
//! naming the spec or the version.

/// Why `faceauth diff` cannot do its job with the inputs it was given.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A spec cannot be read (`specs/verisoul.yaml (head)`): not YAML, not OpenAPI 3.0, or past
    /// a bound every spec is held to (size, nesting, aliases, reference cycles).
    #[error(transparent)]
    Spec(faceauth_spec::load::LoadError),
    /// A crate version is not a SemVer version.
    #[error("the {side} version {given:?} is not a SemVer version: {source}")]
    Version {
        /// Which version: `base` or `head`.
        side: &'static str,
        /// The text given.
        given: String,
        /// The parser's error.
        source: semver::Error,
    },
}
