//! Why two versions of the specs cannot be compared, or a version checked. `Display` is one line
//! naming the spec or the version.

/// Why `faceauth diff` cannot do its job with the inputs it was given.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A spec is not valid YAML.
    #[error("{file} ({side}): not valid YAML: {source}")]
    Yaml {
        /// The spec (`specs/verisoul.yaml`).
        file: String,
        /// Which version: `base` or `head`.
        side: &'static str,
        /// The parser's error, with its line and column.
        source: serde_yaml::Error,
    },
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
