//! A client made for one of the vendor's documented servers sends only the operations whose pages
//! list that server: ADVANCE.AI's Delete Enroll is documented on two of its six hosts, Signzy's
//! preproduction host prints one page. A client made with `BaseUrl::parse` (a mock, a proxy, a
//! host the pages do not name) is never checked.

use super::send_error::SendError;
use crate::OperationMeta;

/// Why `operation` is not sent from a client made for `server`, if its pages do not list it.
pub(super) fn refusal(
    server: Option<&'static str>,
    operation: &'static OperationMeta,
) -> Option<SendError> {
    let server = server?;
    (!operation.served_by(server)).then_some(SendError::NotServedHere { operation, server })
}
