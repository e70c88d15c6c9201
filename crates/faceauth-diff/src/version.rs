//! Whether a version bump is enough for the changes, by Cargo's SemVer compatibility rules: two
//! versions are compatible when their left-most non-zero component is the same. So:
//!
//! | base | major change needs | minor change needs | patch change needs |
//! | --- | --- | --- | --- |
//! | `x.y.z`, x ≥ 1 | `(x+1).0.0` | `x.(y+1).0` | `x.y.(z+1)` |
//! | `0.y.z`, y ≥ 1 | `0.(y+1).0` | `0.y.(z+1)` | `0.y.(z+1)` |
//! | `0.0.z` | `0.0.(z+1)` | `0.0.(z+1)` | `0.0.(z+1)` |
//!
//! A head version at or above the needed one (in SemVer order, so a pre-release of it is below
//! it) is enough; with no change that needs a bump, any version not below the base is. Cargo
//! puts additions in `0.y.z` into the patch number (`^0.y.z` accepts every `0.y.*`), so for this
//! crate, at 0.y, only a major change moves y.

use semver::Version;
use serde::Serialize;

use super::catalogue::Semver;

/// The head's version held against the bump the changes need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionCheck {
    /// The crate's version at the base.
    pub base: String,
    /// The crate's version at the head.
    pub head: String,
    /// The bump the changes need (the largest `semver` verdict).
    pub needed: Semver,
    /// The least version the changes allow.
    pub required: String,
    /// Whether the head's version is at least `required`.
    pub sufficient: bool,
}

impl VersionCheck {
    /// Checks `head` against `base` for changes that need `needed`. The versions are Cargo.toml's
    /// `package.version` texts.
    ///
    /// ```
    /// use faceauth_diff::{Semver, VersionCheck};
    ///
    /// let check = VersionCheck::new("0.1.0", "0.1.1", Semver::Major).unwrap();
    /// assert_eq!(check.required, "0.2.0");
    /// assert!(!check.sufficient);
    /// assert!(VersionCheck::new("0.1.0", "0.1.1", Semver::Minor).unwrap().sufficient);
    /// ```
    pub fn new(base: &str, head: &str, needed: Semver) -> Result<Self, crate::DiffError> {
        let parse = |text: &str, side: &'static str| {
            Version::parse(text.trim()).map_err(|source| crate::DiffError::Version {
                side,
                given: text.to_owned(),
                source,
            })
        };
        let (base_version, head_version) = (parse(base, "base")?, parse(head, "head")?);
        let required = required_version(&base_version, needed);
        Ok(Self {
            base: base_version.to_string(),
            head: head_version.to_string(),
            needed,
            sufficient: head_version >= required,
            required: required.to_string(),
        })
    }

    /// Whether the head's version is enough for a change of `level` (in a JUnit report, the
    /// changes it is not enough for fail).
    pub fn allows(&self, level: Semver) -> bool {
        match (Version::parse(&self.base), Version::parse(&self.head)) {
            (Ok(base), Ok(head)) => head >= required_version(&base, level),
            _ => false,
        }
    }

    /// One line: `0.1.0 → 0.1.1: insufficient (a major change needs 0.2.0 or later)`.
    pub fn summary(&self) -> String {
        let verdict = if self.sufficient {
            "sufficient"
        } else {
            "insufficient"
        };
        match self.needed {
            Semver::None => format!(
                "{} → {}: {verdict} (no change needs a new version)",
                self.base, self.head
            ),
            needed => format!(
                "{} → {}: {verdict} (a {} change needs {} or later)",
                self.base,
                self.head,
                needed.as_str(),
                self.required
            ),
        }
    }
}

/// The least version after `base` that changes of `level` allow (see the module's table).
pub fn required_version(base: &Version, level: Semver) -> Version {
    let (x, y, z) = (base.major, base.minor, base.patch);
    let (x, y, z) = match level {
        Semver::None => return base.clone(),
        Semver::Major if x > 0 => (x + 1, 0, 0),
        Semver::Minor if x > 0 => (x, y + 1, 0),
        Semver::Major if y > 0 => (0, y + 1, 0),
        _ => (x, y, z + 1),
    };
    Version::new(x, y, z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required(base: &str, level: Semver) -> String {
        required_version(&Version::parse(base).unwrap(), level).to_string()
    }

    #[test]
    fn cargo_compatibility_rules() {
        assert_eq!(required("1.2.3", Semver::Major), "2.0.0");
        assert_eq!(required("1.2.3", Semver::Minor), "1.3.0");
        assert_eq!(required("1.2.3", Semver::Patch), "1.2.4");
        assert_eq!(required("0.2.3", Semver::Major), "0.3.0");
        assert_eq!(required("0.2.3", Semver::Minor), "0.2.4");
        assert_eq!(required("0.2.3", Semver::Patch), "0.2.4");
        assert_eq!(required("0.0.3", Semver::Major), "0.0.4");
        assert_eq!(required("0.0.3", Semver::Minor), "0.0.4");
        assert_eq!(required("0.2.3", Semver::None), "0.2.3");
    }

    #[test]
    fn a_pre_release_of_the_needed_version_is_not_enough() {
        let check = VersionCheck::new("0.1.0", "0.2.0-alpha.1", Semver::Major).unwrap();
        assert!(!check.sufficient);
        assert!(
            VersionCheck::new("0.1.0", "1.0.0", Semver::Major)
                .unwrap()
                .sufficient
        );
        assert!(
            !VersionCheck::new("0.1.0", "0.0.9", Semver::None)
                .unwrap()
                .sufficient
        );
        assert!(VersionCheck::new("0.1", "0.2.0", Semver::Major).is_err());
    }
}
