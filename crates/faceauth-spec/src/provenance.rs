//! Where a documented example comes from, read from its marks in the spec, and how many examples
//! of each kind a run checked. The kinds are kept apart because they say different things about
//! the evidence: only a verbatim example is the vendor's text as printed.
//!
//! | marks on the example | kind |
//! | --- | --- |
//! | none | verbatim: the vendor's document, as printed |
//! | `x-faceauth-verbatim` and/or `x-faceauth-repairs` (a restored brace keeps the text in `x-faceauth-verbatim`) | repaired: the vendor's text with the repairs its description names |
//! | `x-faceauth-third-party: true` | third-party: a transcription by someone other than the vendor |
//! | `x-faceauth-constructed: true` | constructed: built by us where the vendor prints none |
//!
//! A check made of several example nodes (a request of parameters only) is of the kind furthest
//! from the vendor's text among them; a check without any example node (an operation called
//! with no input) is constructed.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Where an example comes from (see the module docs), ordered from the vendor's text outwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The vendor's document, as printed.
    Verbatim,
    /// The vendor's text with the repairs its description names (`x-faceauth-verbatim`,
    /// `x-faceauth-repairs`).
    Repaired,
    /// A transcription by someone other than the vendor (`x-faceauth-third-party`).
    ThirdParty,
    /// Built where the vendor prints none (`x-faceauth-constructed`).
    Constructed,
}

impl Provenance {
    /// Every kind, from the vendor's text outwards.
    pub const ALL: [Provenance; 4] = [
        Self::Verbatim,
        Self::Repaired,
        Self::ThirdParty,
        Self::Constructed,
    ];

    /// The kind of one example node (its object in the spec, with the marks beside `value`).
    pub fn of_example(example: &Value) -> Self {
        use crate::extension::{CONSTRUCTED, REPAIRS, THIRD_PARTY, VERBATIM};
        if example[CONSTRUCTED] == true {
            Self::Constructed
        } else if example[THIRD_PARTY] == true {
            Self::ThirdParty
        } else if example.get(VERBATIM).is_some() || example.get(REPAIRS).is_some() {
            Self::Repaired
        } else {
            Self::Verbatim
        }
    }

    /// The kind of a check made of these example nodes: the furthest from the vendor's text, or
    /// constructed if there is none.
    pub fn of_examples<'a>(examples: impl IntoIterator<Item = &'a Value>) -> Self {
        examples
            .into_iter()
            .map(Self::of_example)
            .max()
            .unwrap_or(Self::Constructed)
    }

    /// The kind in words, as reports print it (`third-party`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Verbatim => "verbatim",
            Self::Repaired => "repaired",
            Self::ThirdParty => "third-party",
            Self::Constructed => "constructed",
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How many examples of each kind.
///
/// ```
/// use faceauth_spec::{Provenance, ProvenanceCounts};
///
/// let counts: ProvenanceCounts = [Provenance::Verbatim, Provenance::Repaired, Provenance::Verbatim]
///     .into_iter()
///     .collect();
/// assert_eq!((counts.verbatim, counts.repaired, counts.total()), (2, 1, 3));
/// assert_eq!(
///     counts.to_string(),
///     "2 verbatim from the vendors, 1 repaired, 0 third-party, 0 constructed"
/// );
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProvenanceCounts {
    /// The vendor's document, as printed.
    pub verbatim: usize,
    /// The vendor's text, repaired where its description says.
    pub repaired: usize,
    /// Transcribed by a third party.
    pub third_party: usize,
    /// Built where the vendor prints none.
    pub constructed: usize,
}

impl ProvenanceCounts {
    /// Counts one more example of `kind`.
    pub fn add(&mut self, kind: Provenance) {
        *self.count_mut(kind) += 1;
    }

    /// How many of `kind`.
    pub fn count(&self, kind: Provenance) -> usize {
        match kind {
            Provenance::Verbatim => self.verbatim,
            Provenance::Repaired => self.repaired,
            Provenance::ThirdParty => self.third_party,
            Provenance::Constructed => self.constructed,
        }
    }

    fn count_mut(&mut self, kind: Provenance) -> &mut usize {
        match kind {
            Provenance::Verbatim => &mut self.verbatim,
            Provenance::Repaired => &mut self.repaired,
            Provenance::ThirdParty => &mut self.third_party,
            Provenance::Constructed => &mut self.constructed,
        }
    }

    /// Every example counted.
    pub fn total(&self) -> usize {
        self.verbatim + self.repaired + self.third_party + self.constructed
    }
}

impl FromIterator<Provenance> for ProvenanceCounts {
    fn from_iter<I: IntoIterator<Item = Provenance>>(kinds: I) -> Self {
        let mut counts = Self::default();
        for kind in kinds {
            counts.add(kind);
        }
        counts
    }
}

impl std::ops::AddAssign for ProvenanceCounts {
    fn add_assign(&mut self, other: Self) {
        for kind in Provenance::ALL {
            *self.count_mut(kind) += other.count(kind);
        }
    }
}

impl fmt::Display for ProvenanceCounts {
    /// `91 verbatim from the vendors, 7 repaired, 12 third-party, 47 constructed`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} verbatim from the vendors, {} repaired, {} third-party, {} constructed",
            self.verbatim, self.repaired, self.third_party, self.constructed
        )
    }
}
