//! The public Rust items a spec node becomes, named the way the generator names them: progenitor
//! makes each `operationId` a snake_case method of `Client` (`build/rewrite.rs` finds them by
//! `to_snake_case`) and build.rs a PascalCase variant of `Operation` (`build/operations.rs`);
//! typify makes each schema component a PascalCase type of `types`, and an inline object or enum
//! below one the parent's name followed by the property's (`AuthenticateRequestPrecision`), with
//! `Item` for an array's items (`VerifyFaceResponseMatchesAccountsLinkedItem`). Both use heck, as
//! here. An operation's query parameters are one `types::<Operation>Query` value.

use heck::{ToPascalCase, ToSnakeCase};

/// The Rust items of one vendor's module (`verisoul::...`).
#[derive(Debug, Clone)]
pub(super) struct Names {
    module: String,
}

impl Names {
    pub(super) fn new(vendor: &str) -> Self {
        Self {
            module: vendor.to_owned(),
        }
    }

    /// `verisoul::Client::enroll_face_match`.
    pub(super) fn method(&self, operation_id: &str) -> String {
        format!("{}::Client::{}", self.module, operation_id.to_snake_case())
    }

    /// `verisoul::Operation::EnrollFaceMatch`.
    pub(super) fn operation(&self, operation_id: &str) -> String {
        format!(
            "{}::Operation::{}",
            self.module,
            operation_id.to_pascal_case()
        )
    }

    /// `verisoul::types::CreateFaceMatchSessionQuery`.
    pub(super) fn query(&self, operation_id: &str) -> String {
        self.type_path(&format!("{}Query", operation_id.to_pascal_case()))
    }

    /// `verisoul::types::<name>` for a generated type's name.
    pub(super) fn type_path(&self, type_name: &str) -> String {
        format!("{}::types::{type_name}", self.module)
    }

    /// `verisoul::Client`.
    pub(super) fn client(&self) -> String {
        format!("{}::Client", self.module)
    }

    /// `verisoul::Server::Sandbox`: the crate names each documented server after the first word
    /// of its description (`vendor_servers!` in `src/<vendor>/mod.rs`); `verisoul::Server` when
    /// the server has no description.
    pub(super) fn server(&self, description: Option<&str>) -> String {
        let word = description
            .and_then(|d| d.split_whitespace().next())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty());
        match word {
            Some(word) => format!("{}::Server::{}", self.module, word.to_pascal_case()),
            None => format!("{}::Server", self.module),
        }
    }
}

/// The type name of a schema component (`EnrollResponse`).
pub(super) fn component_type(component: &str) -> String {
    component.to_pascal_case()
}

/// The type name typify gives an inline schema under `parent`'s property `property`.
pub(super) fn property_type(parent: &str, property: &str) -> String {
    format!("{parent}{}", property.to_pascal_case())
}

/// The type name typify gives the inline items of an array type named `parent`.
pub(super) fn items_type(parent: &str) -> String {
    format!("{parent}Item")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_generated_code() {
        let names = Names::new("verisoul");
        assert_eq!(
            names.method("verifyIdentityFaceMatch"),
            "verisoul::Client::verify_identity_face_match"
        );
        assert_eq!(
            names.operation("verifyIdentityFaceMatch"),
            "verisoul::Operation::VerifyIdentityFaceMatch"
        );
        assert_eq!(
            names.query("createFaceMatchSession"),
            "verisoul::types::CreateFaceMatchSessionQuery"
        );
        assert_eq!(
            names.server(Some("production (not in the vendor's document)")),
            "verisoul::Server::Production"
        );
        assert_eq!(names.server(None), "verisoul::Server");
        assert_eq!(
            items_type(&property_type(
                "VerifyFaceResponseMatches",
                "accounts_linked"
            )),
            "VerifyFaceResponseMatchesAccountsLinkedItem"
        );
        assert_eq!(component_type("EnrollErrorCode"), "EnrollErrorCode");
    }
}
