//! Why a tool of this crate could not do its job with what it was given. Each variant names the
//! input and keeps the cause; `Display` is one line, as the `faceauth` command prints it.

/// An input of the conformance runner, the live check or drift that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A spec cannot be read: not YAML, not OpenAPI 3.0, or past a bound every spec is held to
    /// (size, nesting, aliases, reference cycles).
    #[error(transparent)]
    Spec(#[from] faceauth_spec::load::LoadError),
    /// A schema of a spec cannot be compiled into a validator.
    #[error("{file}: a schema cannot be compiled: {reason}")]
    Schema {
        /// The spec.
        file: String,
        /// What the validator said.
        reason: String,
    },
    /// The accept file cannot be read.
    #[error("accept file {path}: cannot read it: {source}")]
    AcceptFileUnreadable {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The accept file is not what it must be; `reason` names the file, the entry and its line.
    #[error("{reason}")]
    AcceptFile {
        /// The file.
        path: String,
        /// What is wrong, and where.
        reason: String,
    },
    /// A `--param` that is not `NAME=VALUE`.
    #[error("--param {given:?} is not NAME=VALUE")]
    Parameter {
        /// What was given.
        given: String,
    },
    /// An operation of a traffic record is not in the spec the tool was built with (the spec
    /// changed since the traffic was recorded).
    #[error("{operation} is not in the spec")]
    NotInSpec {
        /// The operation, as `vendor operationId`.
        operation: String,
    },
    /// The base URL cannot make a client.
    #[error("{0}")]
    BaseUrl(#[from] faceauth_clients::ConfigError),
}
