//! The specs the tools read, embedded in them: the same files the clients were generated from in
//! this build (`specs/<vendor>.yaml`), read by the tools rather than carried by every application
//! that links the clients.

use faceauth_clients::Vendor;

/// The text of `specs/<vendor>.yaml` this build was made from.
///
/// ```
/// use faceauth_clients::Vendor;
/// assert!(faceauth_conformance::spec_source(Vendor::Verisoul).contains("/liveness/enroll"));
/// ```
pub fn spec_source(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Signzy => include_str!("../../../specs/signzy.yaml"),
        Vendor::Verisoul => include_str!("../../../specs/verisoul.yaml"),
        Vendor::Advance => include_str!("../../../specs/advance.yaml"),
        Vendor::Progeny => include_str!("../../../specs/progeny.yaml"),
    }
}
