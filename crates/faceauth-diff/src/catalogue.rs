//! The catalogue of spec changes `faceauth diff` reports: every kind, with what it does to a
//! client built from the old spec (`old_client`) and to this crate's Rust API (`semver`), and why.
//!
//! The verdicts follow this crate's Rust API design: every generated struct in `types` is
//! `#[non_exhaustive]`; a request struct is built with `Type::new(required fields in schema
//! order)` plus one setter per optional field; a response struct is built by `Deserialize` only;
//! every string enum is open (`Unknown(String)`) and `#[non_exhaustive]`; `Operation` and each
//! vendor's `Server` are `#[non_exhaustive]`; an operation's query parameters are one
//! `types::<Operation>Query` value (`new(required)` plus setters), its path parameters stay
//! positional arguments of the method.
//!
//! | kind | old_client | semver | why |
//! | --- | --- | --- | --- |
//! | `operation_added` | unaffected | minor | a new method and a new variant of the `#[non_exhaustive]` `Operation` |
//! | `operation_removed` | breaks | major | the method and the `Operation` variant are gone; the vendor no longer serves what old releases send |
//! | `operation_moved` | breaks | patch | path or method changed: the Rust API is unchanged, but an old release sends what the vendor now refuses |
//! | `optional_parameter_added` | unaffected | minor; major for the first query parameter or a header parameter | a setter on `<Operation>Query`; the first query parameter adds the `Query` argument to the method, a header parameter is positional |
//! | `required_parameter_added` | breaks | major | `<Operation>Query::new` (or the method, for a path or header parameter) takes one more argument; old releases do not send it |
//! | `parameter_now_required` | breaks | major | it moves into `<Operation>Query::new`; old releases may leave it out |
//! | `parameter_now_optional` | unaffected | major | `<Operation>Query::new` loses an argument |
//! | `parameter_removed` | unaffected | major | the setter (or argument) is gone; vendors ignore a query parameter they do not read (an assumption: no vendor here documents refusing one) |
//! | `optional_request_field_added` | unaffected | minor | one more setter on the `#[non_exhaustive]` request struct |
//! | `required_request_field_added` | breaks | major | `Type::new` takes one more argument; old releases do not send the field |
//! | `request_field_now_required` | breaks | major | the field moves into `Type::new`; old releases may leave it out |
//! | `request_field_now_optional` | unaffected | major | `Type::new` loses an argument |
//! | `request_field_removed` | unaffected | major | the field and its setter are gone; vendors ignore an extra JSON field (an assumption the specs cannot prove: none of these vendors documents refusing unknown fields) |
//! | `optional_response_field_added` | unaffected | minor | one more field of a `#[non_exhaustive]` response struct; old releases ignore extra fields |
//! | `required_response_field_added` | unaffected | minor; major when the struct is also sent (then `Type::new` changes) | as above |
//! | `response_field_removed` | breaks if it was required, else unaffected | major | the field is gone; an old release fails to decode a body without a field it requires |
//! | `response_field_now_optional` | breaks | major; patch for a nullable field (already `Option`) | `T` becomes `Option<T>`; an old release fails on a body without it |
//! | `response_field_now_required` | unaffected | major; patch for a nullable field | `Option<T>` becomes `T` |
//! | `type_changed` | breaks (unaffected for a request-side generalisation: a `format` or an `enum` dropped, a type made any, a field made nullable; and for a response field no longer nullable) | major | the field's, parameter's or body's Rust type changes (a type or format, a `$ref` to another schema, a media type, `nullable`, `x-faceauth-rust-type`, an enum made or unmade) |
//! | `constraint_changed` | breaks when the old bounds refuse what the vendor now sends or accept what it now refuses (tightened in a request, loosened in a response); else unaffected (a request's bound, pattern, length or range loosened or dropped: what old releases send stays valid) | patch; major when a string gains its first or loses its last length or pattern constraint (typify makes it a newtype) | validation only, unless the type's shape changes |
//! | `enum_value_added` | unaffected | minor | a variant of an open, `#[non_exhaustive]` enum; an old release keeps the value as `Unknown` |
//! | `enum_value_removed` | breaks if the enum is sent in requests, else unaffected | major | the variant is gone; an old release may send the value the vendor now refuses |
//! | `response_status_added` | breaks (unaffected for an error without a body) | minor; major when the operation's success or error type changes; patch for an error without a body | an old release answers the new status as `Error::UndocumentedStatus`, not as documented; build.rs leaves an error status without a body out of the generated code (the catch-all arm types it, `Error::RateLimited` for 429) |
//! | `response_status_removed` | unaffected | patch; major when the operation's success or error type changes | the method's match arm goes; its signature stays unless a body type went with it |
//! | `server_added` | unaffected | minor (a new `Server` variant); patch when only an operation's list changes | `Server` is `#[non_exhaustive]`; `Operation::servers` is data |
//! | `server_removed` | breaks | major (the `Server` variant is gone); patch when only an operation's list changes | an old release sends to a host that no longer serves it |
//! | `security_changed` | breaks | patch where the credential goes (a header renamed, `in`) or which operations need it (data: the operation table, the credential header); minor for a scheme added; major for a scheme removed or of another kind (the constructors follow a scheme's kind) | old releases send the credential where, or as, the vendor no longer reads it; the Rust API changes only when a constructor must |
//! | `schema_added` | unaffected | minor | a new type in `types`, not sent or received by old releases |
//! | `schema_removed` | unaffected | major | a type of `types` is gone (an operation that used it reports its own change) |
//! | `description_changed` | unaffected | patch (rustdoc changes); none where no generated item carries the text (a response's or the spec's description, tags) | documentation only |
//! | `example_changed` | unaffected | none | examples feed the conformance suite and the mock, not the generated code |
//! | `extension_changed` | unaffected | patch (`x-faceauth-read-only`, `x-faceauth-live-set`: the operation table's data); none (the mock's and the provenance marks); major (`x-faceauth-handwritten`: the method is no longer generated; `x-faceauth-coded-envelope`: every method's error type follows it) | the crate's own marks |
//! | `other_change` | breaks | major | a change the diff does not model (a keyword such as `default`, `style`, `additionalProperties` on its own, `discriminator`): the conservative answer, so that an unreviewed change cannot pass the version check |

use serde::Serialize;

/// What a change does to a client built from the old spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OldClient {
    /// An old release keeps working.
    Unaffected,
    /// An old release sends what the vendor refuses, or cannot decode what it answers.
    Breaks,
}

impl OldClient {
    /// The verdict's name, as the JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unaffected => "unaffected",
            Self::Breaks => "breaks",
        }
    }
}

/// The version bump a change needs, in SemVer terms, ordered from none to major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Semver {
    /// Nothing the crate publishes changes (examples, texts no generated item carries).
    None,
    /// Behaviour or documentation only; no public item's signature changes.
    Patch,
    /// Additions only: code that compiled against the old release still compiles.
    Minor,
    /// Code written against the old release may no longer compile.
    Major,
}

impl Semver {
    /// The verdict's name, as the JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident => $id:literal, $reason:literal; )+) => {
        /// The kind of a spec change: one row of the catalogue (see the module's table).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $( $(#[$doc])* $variant, )+
        }

        impl ChangeKind {
            /// Every kind, in the catalogue's order.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant),+];

            /// The kind's stable name (`optional_response_field_added`), as reports write it.
            pub fn id(self) -> &'static str {
                match self { $( ChangeKind::$variant => $id, )+ }
            }

            /// What the change does to old releases and to the Rust API, and why: the reason
            /// of its verdicts, for the SARIF rule and the Markdown report.
            pub fn reason(self) -> &'static str {
                match self { $( ChangeKind::$variant => $reason, )+ }
            }
        }
    };
}

kinds! {
    /// An operation (`operationId`) is new.
    OperationAdded => "operation_added", "A new operation: a new method and a new variant of the non_exhaustive Operation (minor); old releases do not know it and are unaffected.";
    /// An operation (`operationId`) is gone.
    OperationRemoved => "operation_removed", "An operation is gone: its method and Operation variant disappear (major), and old releases call what the vendor no longer serves (breaks).";
    /// The same `operationId` at another path or method.
    OperationMoved => "operation_moved", "The operation's path or method changed: the Rust API is unchanged (patch), but old releases send what the vendor now refuses (breaks).";
    /// A parameter that may be left out is new.
    OptionalParameterAdded => "optional_parameter_added", "An optional parameter is new: a setter on the operation's Query type (minor), or a new argument of the method for its first query parameter or a header parameter (major); old releases leave it out, which the vendor allows.";
    /// A required parameter is new.
    RequiredParameterAdded => "required_parameter_added", "A required parameter is new: Query::new (or the method, for a path or header parameter) takes one more argument (major); old releases do not send it (breaks).";
    /// A parameter became required.
    ParameterNowRequired => "parameter_now_required", "A parameter became required: it moves into Query::new (major); old releases may leave it out (breaks).";
    /// A parameter became optional.
    ParameterNowOptional => "parameter_now_optional", "A parameter became optional: Query::new loses an argument (major); old releases still send it (unaffected).";
    /// A parameter is gone.
    ParameterRemoved => "parameter_removed", "A parameter is gone: its setter or argument disappears (major); old releases still send it, which vendors ignore (unaffected; an assumption, no vendor here documents refusing an unknown parameter).";
    /// An optional field of a request body is new.
    OptionalRequestFieldAdded => "optional_request_field_added", "An optional request field is new: one more setter on the non_exhaustive request struct (minor); old releases leave it out (unaffected).";
    /// A required field of a request body is new.
    RequiredRequestFieldAdded => "required_request_field_added", "A required request field is new: Type::new takes one more argument (major); old releases do not send it (breaks).";
    /// A request field became required.
    RequestFieldNowRequired => "request_field_now_required", "A request field became required: it moves into Type::new (major); old releases may leave it out (breaks).";
    /// A request field became optional.
    RequestFieldNowOptional => "request_field_now_optional", "A request field became optional: Type::new loses an argument (major); old releases still send it (unaffected).";
    /// A request field is gone.
    RequestFieldRemoved => "request_field_removed", "A request field is gone: the field and its setter disappear (major); old releases still send it and vendors ignore an extra JSON field (unaffected; an assumption the specs cannot prove, none of these vendors documents refusing one).";
    /// An optional field of a response body is new.
    OptionalResponseFieldAdded => "optional_response_field_added", "An optional response field is new: one more field of a non_exhaustive struct built by Deserialize (minor); old releases ignore extra fields (unaffected).";
    /// A required field of a response body is new.
    RequiredResponseFieldAdded => "required_response_field_added", "A required response field is new: one more field of a non_exhaustive struct (minor; major when the struct is also sent, since Type::new then takes it); old releases ignore extra fields (unaffected).";
    /// A response field is gone.
    ResponseFieldRemoved => "response_field_removed", "A response field is gone: the struct loses a field (major); old releases fail to decode a body without a field they require (breaks if it was required).";
    /// A response field became optional.
    ResponseFieldNowOptional => "response_field_now_optional", "A response field became optional: T becomes Option<T> (major; patch for a nullable field, already an Option); old releases fail on a body without it (breaks).";
    /// A response field became required.
    ResponseFieldNowRequired => "response_field_now_required", "A response field became required: Option<T> becomes T (major; patch for a nullable field, which stays an Option); old releases accept it present (unaffected).";
    /// A type, format, `$ref`, media type or nullability changed.
    TypeChanged => "type_changed", "A type changed (type, format, $ref, media type, nullable, x-faceauth-rust-type, an enum made or unmade): the Rust type changes (major); old releases send or expect the old one (breaks), except where what they send stays valid: a request-side generalisation (a format or an enum dropped, a type made any, a field made nullable) and a response field no longer nullable leave them unaffected.";
    /// A validation keyword (length, pattern, bounds) changed.
    ConstraintChanged => "constraint_changed", "A constraint (length, pattern, bounds, item counts) changed: validation only (patch), unless a string gains its first or loses its last length or pattern constraint and typify makes or unmakes a newtype (major); old releases break when their bounds refuse what the vendor now sends or allow what it now refuses, and are unaffected when a request's constraint is loosened or dropped.";
    /// A value of a string enum is new.
    EnumValueAdded => "enum_value_added", "An enum value is new: a variant of an open, non_exhaustive enum (minor); old releases keep the value as Unknown (unaffected).";
    /// A value of a string enum is gone.
    EnumValueRemoved => "enum_value_removed", "An enum value is gone: its variant disappears (major); old releases may send it where the enum is sent in requests (breaks), and are unaffected where it is only received.";
    /// A documented response status is new.
    ResponseStatusAdded => "response_status_added", "A response status is new: old releases answer it as Error::UndocumentedStatus, not as documented (breaks); a new match arm (minor), major when the operation's success or error type changes.";
    /// A documented response status is gone.
    ResponseStatusRemoved => "response_status_removed", "A response status is gone: old releases still decode what they documented (unaffected); a match arm goes (patch), major when the operation's success or error type changes.";
    /// A server is new (to the spec, or to one operation).
    ServerAdded => "server_added", "A server is new: a variant of the non_exhaustive Server (minor), or, when the server is already known, only the operation table's data (patch); old releases are unaffected.";
    /// A server is gone (from the spec, or from one operation).
    ServerRemoved => "server_removed", "A server is gone: its Server variant disappears (major), or, when other operations still list it, the operation table's data changes (patch); old releases send to a host that no longer serves the operation (breaks).";
    /// A security scheme, or an operation's security requirement, changed.
    SecurityChanged => "security_changed", "The credential changed (a scheme, where it goes, or whether an operation needs it): old releases send it where, or as, the vendor no longer reads it (breaks). The Rust API changes only when a constructor must: where it goes and which operations need it are data (patch), a scheme added may bring a constructor (minor), a scheme removed or of another kind changes them (major).";
    /// A schema component is new.
    SchemaAdded => "schema_added", "A schema component is new: a new type in types (minor); old releases never see it (unaffected).";
    /// A schema component is gone.
    SchemaRemoved => "schema_removed", "A schema component is gone: its type disappears from types (major); the operations that used it report their own change (unaffected here).";
    /// A description, summary or title changed.
    DescriptionChanged => "description_changed", "A description changed: rustdoc changes where a generated item carries the text (patch), otherwise nothing the crate publishes (none); old releases are unaffected.";
    /// An example changed.
    ExampleChanged => "example_changed", "An example changed: examples feed the conformance suite and the mock, not the generated code (none); old releases are unaffected.";
    /// One of the crate's `x-faceauth-*` marks changed.
    ExtensionChanged => "extension_changed", "One of the crate's x-faceauth marks changed: the operation table's data for x-faceauth-read-only and x-faceauth-live-set (patch), nothing published for the mock's and the provenance marks (none), a method no longer (or now) generated for x-faceauth-handwritten, every method's error type for x-faceauth-coded-envelope (major); old releases are unaffected.";
    /// A change the diff does not model.
    OtherChange => "other_change", "A change the diff does not model (for example default, style, readOnly, discriminator): review it by hand. Reported as breaks and major, the conservative answer, so that an unreviewed change cannot pass the version check.";
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_id_and_a_reason_in_the_module_table() {
        let source = include_str!("catalogue.rs");
        let mut ids: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.id()).collect();
        for kind in ChangeKind::ALL {
            assert!(
                source.contains(&format!("//! | `{}` |", kind.id())),
                "{} has no row in the catalogue's table",
                kind.id()
            );
            assert!(kind.reason().len() > 40, "{} explains itself", kind.id());
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ChangeKind::ALL.len());
    }
}
