//! `redirectToFaceMatch`, written by hand: Verisoul's public link to its hosted Face Match page
//! answers 302 with the page's URL in `Location`. progenitor reads a 3xx as a body stream, and a
//! client that followed the redirect would fetch the page itself; this method returns the URL.

use reqwest::header::{HeaderValue, ACCEPT, LOCATION};
use serde::{Deserialize, Serialize};

use super::{types, Client, Error, ResponseValue};
use crate::response::Evidence;

/// Where the public redirect sends the user (HTTP 302): the hosted Face Match page.
///
/// Serialises as `{"location": ...}`: a response documented without a body is represented by its
/// documented headers, by lower-case name (as the conformance suite compares it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceMatchRedirect {
    /// The 302's `Location`: the hosted Face Match page, with a new session.
    pub location: String,
}

impl Client {
    /// The public redirect to Face Match: `GET /public/liveness-redirect?project_id=..`, sent
    /// without the API key (`security: []`). Returns the hosted page's URL from the 302's
    /// `Location`, without following it; a 400 is the documented
    /// [`types::RedirectErrorResponse`] (`missing_project_id`, `groups_enabled`).
    ///
    /// Verisoul's docs page says this endpoint is for temporary testing only: the link is public,
    /// can be shared, and may raise cost. With your own HTTP client
    /// ([`Client::with_http_client`]), build it with `redirect::Policy::none()`, or reqwest
    /// follows the 302 and the call ends as an undocumented response.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use faceauth_clients::verisoul;
    /// let client = verisoul::Client::with_api_key(verisoul::Server::Sandbox, "api-key")?;
    /// let project: uuid::Uuid = "00000000-0000-0000-0000-000000000001".parse()?;
    /// let redirect = client.redirect_to_face_match(&project, None).await?;
    /// println!("send the tester to {}", redirect.location);
    /// # Ok(())
    /// # }
    /// ```
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/verisoul.redirectToFaceMatch.md"))]
    pub async fn redirect_to_face_match(
        &self,
        project_id: &uuid::Uuid,
        referring_session_id: Option<&uuid::Uuid>,
    ) -> Result<ResponseValue<FaceMatchRedirect>, Error<types::RedirectErrorResponse>> {
        let operation = super::Operation::RedirectToFaceMatch.meta();
        let url = format!("{}{}", self.baseurl, operation.path);
        let mut query = vec![("project_id", project_id.to_string())];
        if let Some(referring) = referring_session_id {
            query.push(("referring_session_id", referring.to_string()));
        }
        let request = self
            .client
            .get(url)
            .query(&query)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .build()?;
        let mut response =
            crate::runtime::send(&self.client, &self.inner, request, operation).await?;
        match response.status().as_u16() {
            302u16 => {
                let status = response.status();
                let headers = std::mem::take(response.headers_mut());
                match headers.get(LOCATION).map(|l| l.to_str()) {
                    Some(Ok(location)) => {
                        let location = location.to_owned();
                        Ok(
                            ResponseValue::new(FaceMatchRedirect { location }, status, headers)
                                .scrubbed_by(self.inner.secrets()),
                        )
                    }
                    _ => Err(Error::InvalidBody {
                        evidence: Evidence::new(status, headers, b"")
                            .scrubbed(self.inner.secrets()),
                        reason: "HTTP 302 without a readable Location header".to_owned(),
                    }),
                }
            }
            400u16 => Err(Error::Documented(
                crate::runtime::decode(response, &self.inner).await?,
            )),
            _ => crate::runtime::other_status(response, &self.inner).await,
        }
    }
}
