//! ADVANCE.AI's token flow: the Token Authentication API takes the access key, a timestamp and
//! `signature = hex(SHA256(accessKey + secretKey + timestamp))`, and returns a token with its
//! expiry. The client refreshes it before it expires, and once more when a call is answered
//! `IAM_FAILED` (a body `code`: ADVANCE.AI reports outcomes in the body).

use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::types::{GenerateTokenRequest, ResponseCode};
use super::{Client, CREDENTIAL_HEADER};
use crate::runtime::{self, ClientState};
use crate::runtime::{
    from_epoch_millis, response_date, FetchContext, Token, TokenCache, TokenFuture, TokenSource,
};
use crate::{BaseUrl, ConfigError, CredentialError, Secret, Vendor};

/// How long a token is asked to live (the API's default).
pub const TOKEN_PERIOD: Duration = Duration::from_secs(3600);

/// The signature of the Token Authentication API: lower-case hex SHA-256 of
/// `access_key + secret_key + timestamp`.
///
/// ```
/// // The vendor's documented sample.
/// let signature = faceauth_clients::advance::token_signature(
///     "sampleaccesskey", "samplesecretkey", 1665993522952);
/// assert_eq!(signature, "02209bbeaf0d0a3dd587f6a1ba22f84c98d142e3b545e77db7e4906ca56349f5");
/// ```
pub fn token_signature(access_key: &str, secret_key: &str, timestamp_millis: i64) -> String {
    let digest = Sha256::digest(format!("{access_key}{secret_key}{timestamp_millis}"));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

struct AccessKey {
    /// Where the token call goes, without credential (`security: []`).
    base: BaseUrl,
    state: ClientState,
    access_key: Secret,
    secret_key: Secret,
}

impl TokenSource for AccessKey {
    fn fetch<'a>(&'a self, context: FetchContext<'a>, _rejected: bool) -> TokenFuture<'a> {
        Box::pin(async move {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_err(|_| {
                    CredentialError::message(Vendor::Advance, "the system clock is before 1970")
                })?;
            let timestamp = now.as_millis() as i64;
            let signature = token_signature(
                self.access_key.expose(),
                self.secret_key.expose(),
                timestamp,
            );
            context.secrets.add_issued(&signature);
            let request = GenerateTokenRequest {
                signature: signature.into(),
                access_key: self.access_key.clone(),
                timestamp,
                period_second: Some(TOKEN_PERIOD.as_secs() as i64),
            };
            let client = Client::new_with_client(
                self.base.as_str(),
                context.http.clone(),
                self.state.for_token_request(&context),
            );
            // A refused token request comes back as an error (the token client reads refusals
            // as errors): its code and message are the credential's refusal.
            let answer = client.generate_token(&request).await.map_err(|e| {
                e.into_credential_failure(Vendor::Advance, "ADVANCE.AI token request failed")
            })?;
            let issued_at = response_date(answer.headers());
            let answer = answer.into_inner();
            match (&answer.code, answer.data) {
                (ResponseCode::Success, Some(data)) => Ok(Token {
                    value: data.token.into(),
                    expires_at: Some(from_epoch_millis(data.expired_time)),
                    issued_at,
                }),
                (ResponseCode::Success, None) => Err(CredentialError::message(
                    Vendor::Advance,
                    "ADVANCE.AI answered the token request SUCCESS without a token",
                )),
                // A refusal as an answer: only if the token client read refusals as answers.
                (code, _) => Err(CredentialError::refused(
                    Vendor::Advance,
                    format!("ADVANCE.AI refused the token request: {code}"),
                    crate::Refusal::new(
                        Some(code.to_string()),
                        Some(context.secrets.scrub(&answer.message).into_owned()),
                    ),
                )),
            }
        })
    }
}

impl Client {
    /// A client with a credential given as data: an access token
    /// ([`Credential::Static`](crate::Credential::Static)) or an access key
    /// ([`Credential::AccessKey`](crate::Credential::AccessKey)).
    pub fn with_credential(
        base_url: impl Into<BaseUrl>,
        credential: &crate::Credential,
    ) -> Result<Self, ConfigError> {
        use crate::Credential;
        match credential {
            Credential::Static(token) => Self::with_access_token(base_url, token.clone()),
            Credential::AccessKey {
                access_key,
                secret_key,
            } => Self::with_access_key(base_url, access_key.clone(), secret_key.clone()),
            other => Err(other.unsupported(Vendor::Advance)),
        }
    }
    /// A client that obtains its access token with `access_key` and `secret_key` (signed, see
    /// [`token_signature`]), refreshes it before it expires, and once more when a call is
    /// answered `IAM_FAILED`.
    ///
    /// ```no_run
    /// use faceauth_clients::advance;
    /// let client = advance::Client::with_access_key(advance::Server::Singapore, "key", "secret")?;
    /// # Ok::<(), faceauth_clients::ConfigError>(())
    /// ```
    pub fn with_access_key(
        base_url: impl Into<BaseUrl>,
        access_key: impl Into<Secret>,
        secret_key: impl Into<Secret>,
    ) -> Result<Self, ConfigError> {
        let (base, http, auth_state) = runtime::client_parts(
            base_url,
            Ok(ClientState::without_credential(
                Vendor::Advance,
                CREDENTIAL_HEADER,
            )),
        )?;
        let (access_key, secret_key): (Secret, Secret) = (access_key.into(), secret_key.into());
        let source = AccessKey {
            base: base.clone(),
            state: auth_state,
            access_key: access_key.clone(),
            secret_key: secret_key.clone(),
        };
        let cache = TokenCache::new(Vendor::Advance, Box::new(source), "");
        let state = ClientState::tokens(Vendor::Advance, CREDENTIAL_HEADER, cache)
            .knowing(&access_key)
            .knowing(&secret_key);
        Ok(Self::new_with_client(base.as_str(), http, state))
    }
}
