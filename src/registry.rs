//! Every vendor's generated tables, reached by [`Vendor`]: its operations and its documented
//! servers. This is the one module (with [`AnyClient`](crate::AnyClient)) that names all four
//! vendor modules; the runtime and the vendor modules never reach up to it.

#[cfg(faceauth_vendor = "advance")]
use crate::advance;
#[cfg(faceauth_vendor = "progeny")]
use crate::progeny;
#[cfg(faceauth_vendor = "signzy")]
use crate::signzy;
#[cfg(faceauth_vendor = "verisoul")]
use crate::verisoul;
use crate::{OperationMeta, Vendor};

impl Vendor {
    /// The vendor's operation table, in its spec's order (generated from it); empty for a
    /// vendor this build does not have ([`Vendor::is_built`]).
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    ///
    /// let enroll = Vendor::Verisoul.operation("enrollFaceMatch").unwrap();
    /// assert_eq!(enroll.path, "/liveness/enroll");
    /// assert!(Vendor::Verisoul.operation("enrolFaceMatch").is_none());
    /// ```
    pub fn operations(self) -> &'static [OperationMeta] {
        match self {
            #[cfg(faceauth_vendor = "signzy")]
            Vendor::Signzy => &signzy::OPERATIONS,
            #[cfg(faceauth_vendor = "verisoul")]
            Vendor::Verisoul => &verisoul::OPERATIONS,
            #[cfg(faceauth_vendor = "advance")]
            Vendor::Advance => &advance::OPERATIONS,
            #[cfg(faceauth_vendor = "progeny")]
            Vendor::Progeny => &progeny::OPERATIONS,
            // A vendor not built: named one by one, so that a vendor added to the list does not
            // compile here until it has its arm.
            #[cfg(not(faceauth_vendor = "signzy"))]
            Vendor::Signzy => &[],
            #[cfg(not(faceauth_vendor = "verisoul"))]
            Vendor::Verisoul => &[],
            #[cfg(not(faceauth_vendor = "advance"))]
            Vendor::Advance => &[],
            #[cfg(not(faceauth_vendor = "progeny"))]
            Vendor::Progeny => &[],
        }
    }

    /// The operation with this `operationId`: where an id comes in as text (a command-line
    /// argument, a traffic file, an accept file), it is parsed here once.
    pub fn operation(self, id: &str) -> Option<&'static OperationMeta> {
        self.operations()
            .iter()
            .find(|operation| operation.id == id)
    }

    /// The vendor's documented servers as (name, URL), the first being the default; none for a
    /// vendor this build does not have.
    pub fn servers(self) -> Vec<(&'static str, &'static str)> {
        fn pairs<S: Copy>(
            all: &[S],
            name: fn(S) -> &'static str,
            url: fn(S) -> &'static str,
        ) -> Vec<(&'static str, &'static str)> {
            all.iter().map(|&s| (name(s), url(s))).collect()
        }
        match self {
            #[cfg(faceauth_vendor = "signzy")]
            Vendor::Signzy => pairs(
                signzy::Server::ALL,
                signzy::Server::name,
                signzy::Server::url,
            ),
            #[cfg(faceauth_vendor = "verisoul")]
            Vendor::Verisoul => pairs(
                verisoul::Server::ALL,
                verisoul::Server::name,
                verisoul::Server::url,
            ),
            #[cfg(faceauth_vendor = "advance")]
            Vendor::Advance => pairs(
                advance::Server::ALL,
                advance::Server::name,
                advance::Server::url,
            ),
            #[cfg(faceauth_vendor = "progeny")]
            Vendor::Progeny => pairs(
                progeny::Server::ALL,
                progeny::Server::name,
                progeny::Server::url,
            ),
            #[cfg(not(faceauth_vendor = "signzy"))]
            Vendor::Signzy => Vec::new(),
            #[cfg(not(faceauth_vendor = "verisoul"))]
            Vendor::Verisoul => Vec::new(),
            #[cfg(not(faceauth_vendor = "advance"))]
            Vendor::Advance => Vec::new(),
            #[cfg(not(faceauth_vendor = "progeny"))]
            Vendor::Progeny => Vec::new(),
        }
    }
}
