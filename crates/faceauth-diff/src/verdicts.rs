//! The two verdicts of a change, from its kind (the catalogue's row) and the facts of its place
//! the row's refinements depend on: whether it is on what the client sends, whether the Rust type
//! is also sent (and so has `Type::new`), whether a field is nullable, whether a signature or a
//! type's shape changes.

use super::catalogue::{ChangeKind, OldClient, Semver};

/// Which way a bound moved, for a constraint change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    /// Fewer values are valid (a larger minimum, a smaller maximum, a new bound).
    Tightened,
    /// More values are valid.
    Loosened,
    /// Neither can be said (a pattern changed).
    Changed,
}

/// What the verdicts of a change depend on besides its kind. Every fact defaults to false.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Facts {
    /// The change is on what the client sends (a request body or a parameter).
    pub in_request: bool,
    /// The Rust type that holds the field is also sent, so it has `Type::new`.
    pub sent_type: bool,
    /// The field is nullable (its Rust type is an `Option` whether required or not).
    pub nullable: bool,
    /// A removed field was required.
    pub was_required: bool,
    /// A signature or a type's shape changes beyond the row's usual case: a parameter that adds
    /// the `Query` argument or is positional, a string that becomes or stops being a newtype, a
    /// status that changes the success or error type, a `Server` variant added or removed.
    pub shape_changes: bool,
    /// For a type change that only toggles `nullable`: whether it became nullable.
    pub nullable_only: Option<bool>,
    /// For a constraint change: which way.
    pub bound: Option<Bound>,
    /// A response status build.rs leaves out of the generated code (an error without a body).
    pub not_generated: bool,
    /// For a description: whether a generated item's rustdoc carries it.
    pub in_rustdoc: bool,
    /// For an `x-faceauth-*` mark: what it does to the published crate.
    pub extension: Option<Semver>,
    /// For a type change on what the client sends: the head accepts every value the base did
    /// (a `format` or an `enum` dropped, a type made any), so what old releases send stays valid.
    pub generalises: bool,
    /// For a security change: what it does to the Rust API. The constructors follow a scheme's
    /// kind (an API key, a bearer token, a login), so a scheme removed or of another kind is
    /// major and one added minor; where the credential goes (a header renamed, `in`) and which
    /// operations need it are data (patch, the default).
    pub credential_api: Option<Semver>,
}

/// The verdicts of one change.
pub(super) fn judge(kind: ChangeKind, facts: &Facts) -> (OldClient, Semver) {
    use ChangeKind as K;
    use OldClient::{Breaks, Unaffected};
    use Semver::{Major, Minor, Patch};
    let major_if = |shape: bool, otherwise: Semver| if shape { Major } else { otherwise };
    match kind {
        K::OperationAdded => (Unaffected, Minor),
        K::OperationRemoved => (Breaks, Major),
        K::OperationMoved => (Breaks, Patch),
        K::OptionalParameterAdded => (Unaffected, major_if(facts.shape_changes, Minor)),
        K::RequiredParameterAdded | K::ParameterNowRequired => (Breaks, Major),
        K::ParameterNowOptional | K::ParameterRemoved => (Unaffected, Major),
        K::OptionalRequestFieldAdded => (Unaffected, Minor),
        K::RequiredRequestFieldAdded | K::RequestFieldNowRequired => (Breaks, Major),
        K::RequestFieldNowOptional | K::RequestFieldRemoved => (Unaffected, Major),
        K::OptionalResponseFieldAdded => (Unaffected, Minor),
        K::RequiredResponseFieldAdded => (Unaffected, major_if(facts.sent_type, Minor)),
        K::ResponseFieldRemoved => (
            if facts.was_required {
                Breaks
            } else {
                Unaffected
            },
            Major,
        ),
        // A nullable field is an `Option` whether required or not: only a response struct's
        // serde attributes change. A sent struct's `new` still gains or loses the argument.
        K::ResponseFieldNowOptional => {
            (Breaks, major_if(!facts.nullable || facts.sent_type, Patch))
        }
        K::ResponseFieldNowRequired => (
            Unaffected,
            major_if(!facts.nullable || facts.sent_type, Patch),
        ),
        K::TypeChanged => {
            let old_client = match facts.nullable_only {
                // Everything an old release sends is still valid.
                _ if facts.in_request && facts.generalises => Unaffected,
                // A request may now hold null, which old releases never send.
                Some(true) if facts.in_request => Unaffected,
                // A response no longer holds null, which old releases accept.
                Some(false) if !facts.in_request => Unaffected,
                _ => Breaks,
            };
            (old_client, Major)
        }
        K::ConstraintChanged => {
            let old_client = match (facts.bound, facts.in_request) {
                (Some(Bound::Loosened), true) | (Some(Bound::Tightened), false) => Unaffected,
                _ => Breaks,
            };
            (old_client, major_if(facts.shape_changes, Patch))
        }
        K::EnumValueAdded => (Unaffected, Minor),
        K::EnumValueRemoved => (if facts.in_request { Breaks } else { Unaffected }, Major),
        // An error status without a body is typed by the catch-all arm, before and after.
        K::ResponseStatusAdded | K::ResponseStatusRemoved if facts.not_generated => {
            (Unaffected, Patch)
        }
        K::ResponseStatusAdded => (Breaks, major_if(facts.shape_changes, Minor)),
        K::ResponseStatusRemoved => (Unaffected, major_if(facts.shape_changes, Patch)),
        K::ServerAdded => (Unaffected, if facts.shape_changes { Minor } else { Patch }),
        K::ServerRemoved => (Breaks, major_if(facts.shape_changes, Patch)),
        // Old releases send the credential where, or as, the vendor no longer reads it; the
        // Rust API changes only when a constructor must.
        K::SecurityChanged => (Breaks, facts.credential_api.unwrap_or(Patch)),
        K::SchemaAdded => (Unaffected, Minor),
        K::SchemaRemoved => (Unaffected, Major),
        K::DescriptionChanged => (
            Unaffected,
            if facts.in_rustdoc {
                Patch
            } else {
                Semver::None
            },
        ),
        K::ExampleChanged => (Unaffected, Semver::None),
        K::ExtensionChanged => (Unaffected, facts.extension.unwrap_or(Patch)),
        K::OtherChange => (Breaks, Major),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refinements_change_the_row_verdicts() {
        let plain = Facts::default();
        assert_eq!(
            judge(ChangeKind::RequiredResponseFieldAdded, &plain),
            (OldClient::Unaffected, Semver::Minor)
        );
        let sent = Facts {
            sent_type: true,
            ..plain
        };
        assert_eq!(
            judge(ChangeKind::RequiredResponseFieldAdded, &sent),
            (OldClient::Unaffected, Semver::Major)
        );
        let nullable = Facts {
            nullable: true,
            ..plain
        };
        assert_eq!(
            judge(ChangeKind::ResponseFieldNowOptional, &nullable),
            (OldClient::Breaks, Semver::Patch)
        );
        let request_null = Facts {
            in_request: true,
            nullable_only: Some(true),
            ..plain
        };
        assert_eq!(
            judge(ChangeKind::TypeChanged, &request_null),
            (OldClient::Unaffected, Semver::Major)
        );
        let loosened_request = Facts {
            in_request: true,
            bound: Some(Bound::Loosened),
            ..plain
        };
        assert_eq!(
            judge(ChangeKind::ConstraintChanged, &loosened_request),
            (OldClient::Unaffected, Semver::Patch)
        );
    }

    /// A request-side generalisation never breaks old clients: a format or enum dropped is a
    /// type change of the Rust API (major) that leaves what old releases send valid.
    #[test]
    fn a_request_side_generalisation_leaves_old_clients_unaffected() {
        let dropped = Facts {
            in_request: true,
            generalises: true,
            ..Facts::default()
        };
        assert_eq!(
            judge(ChangeKind::TypeChanged, &dropped),
            (OldClient::Unaffected, Semver::Major)
        );
        // The same in a response: an old release may meet a value it cannot decode.
        let in_response = Facts {
            generalises: true,
            ..Facts::default()
        };
        assert_eq!(
            judge(ChangeKind::TypeChanged, &in_response),
            (OldClient::Breaks, Semver::Major)
        );
    }

    /// A credential change breaks old clients on the wire; the Rust API changes only when a
    /// constructor must.
    #[test]
    fn a_security_change_breaks_the_wire_and_is_patch_unless_a_constructor_changes() {
        let moved = Facts::default();
        assert_eq!(
            judge(ChangeKind::SecurityChanged, &moved),
            (OldClient::Breaks, Semver::Patch)
        );
        for (api, semver) in [
            (Semver::Minor, Semver::Minor),
            (Semver::Major, Semver::Major),
        ] {
            let facts = Facts {
                credential_api: Some(api),
                ..Facts::default()
            };
            assert_eq!(
                judge(ChangeKind::SecurityChanged, &facts),
                (OldClient::Breaks, semver)
            );
        }
    }
}
