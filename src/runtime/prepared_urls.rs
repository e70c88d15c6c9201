//! The URL of each operation whose path has no parameter, parsed on its first call and reused:
//! a generated method clones it instead of formatting and parsing its URL on every call (build.rs
//! numbers the operations and rewrites those methods).

use std::fmt;
use std::sync::OnceLock;

use super::send_error::SendError;

/// One slot per generated operation.
pub struct PreparedUrls(Box<[OnceLock<reqwest::Url>]>);

impl PreparedUrls {
    /// Room for `operations` URLs.
    pub fn new(operations: usize) -> Self {
        Self((0..operations).map(|_| OnceLock::new()).collect())
    }

    /// The URL of operation `index`: `base` followed by `path`.
    pub fn get(
        &self,
        index: usize,
        base: &str,
        path: &'static str,
    ) -> Result<reqwest::Url, SendError> {
        let Some(slot) = self.0.get(index) else {
            return parse_url(base, path);
        };
        if let Some(url) = slot.get() {
            return Ok(url.clone());
        }
        let url = parse_url(base, path)?;
        Ok(slot.get_or_init(|| url).clone())
    }
}

impl Clone for PreparedUrls {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl fmt::Debug for PreparedUrls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedUrls")
            .field("operations", &self.0.len())
            .finish()
    }
}

fn parse_url(base: &str, path: &'static str) -> Result<reqwest::Url, SendError> {
    reqwest::Url::parse(&format!("{base}{path}")).map_err(|e| SendError::InvalidUrl {
        path,
        reason: e.to_string(),
    })
}
