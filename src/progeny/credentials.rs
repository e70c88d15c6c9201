//! Progeny's token flow: token/obtain exchanges the username and password for an access token
//! (five minutes, its `exp` claim says until when) and a refresh token; token/refresh renews the
//! access token. The client refreshes before expiry, obtains a new pair when the refresh token is
//! refused, and replaces the token once when a call is rejected (HTTP 401 or 403).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::types::{ObtainTokenRequest, RefreshTokenRequest, TokenPair};
use super::{Client, CREDENTIAL_HEADER};
use crate::runtime::{self, ClientState};
use crate::runtime::{
    jwt_expiry, response_date, FetchContext, Token, TokenCache, TokenFuture, TokenSource,
};
use crate::{BaseUrl, ConfigError, CredentialError, ResponseValue, Secret, Vendor};

/// How long an access token lives when its `exp` claim cannot be read.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(300);

struct Password {
    /// Where the token calls go, without credential (`security: []`).
    base: BaseUrl,
    state: ClientState,
    username: String,
    password: Secret,
    refresh: Mutex<Option<Secret>>,
}

impl Password {
    /// The token of `pair`, issued at the vendor's `Date` (its JWT `exp` is by the vendor's
    /// clock; without one, the documented five minutes from issue).
    fn token(&self, pair: ResponseValue<TokenPair>, context: &FetchContext<'_>) -> Token {
        let issued_at = response_date(pair.headers());
        let pair = pair.into_inner();
        // The access token joins them in the cache; the refresh token is as secret.
        context.secrets.add_issued(pair.refresh.expose());
        let expires_at = jwt_expiry(pair.access.expose())
            .unwrap_or_else(|| issued_at.unwrap_or_else(SystemTime::now) + ACCESS_TOKEN_LIFETIME);
        *self.refresh.lock().unwrap_or_else(|p| p.into_inner()) = Some(pair.refresh);
        Token {
            value: pair.access.into(),
            expires_at: Some(expires_at),
            issued_at,
        }
    }

    fn client(&self, context: &FetchContext<'_>) -> Client {
        Client::new_with_client(
            self.base.as_str(),
            context.http.clone(),
            self.state.for_token_request(context),
        )
    }

    async fn obtain(
        &self,
        client: &Client,
        context: &FetchContext<'_>,
    ) -> Result<Token, CredentialError> {
        let request = ObtainTokenRequest {
            username: self.username.clone(),
            password: self.password.clone(),
        };
        let pair = client.obtain_token(&request).await.map_err(|e| {
            e.into_credential_failure(Vendor::Progeny, "Progeny token/obtain failed")
        })?;
        Ok(self.token(pair, context))
    }
}

impl TokenSource for Password {
    fn fetch<'a>(&'a self, context: FetchContext<'a>, rejected: bool) -> TokenFuture<'a> {
        Box::pin(async move {
            let client = self.client(&context);
            let refresh = self
                .refresh
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            // After a rejection, or without a refresh token, start again from the password.
            if let (Some(refresh), false) = (refresh, rejected) {
                let request = RefreshTokenRequest { refresh };
                if let Ok(pair) = client.refresh_token(&request).await {
                    return Ok(self.token(pair, &context));
                }
            }
            self.obtain(&client, &context).await
        })
    }
}

impl Client {
    /// A client with a credential given as data: an access token
    /// ([`Credential::Static`](crate::Credential::Static)) or a username and password
    /// ([`Credential::Password`](crate::Credential::Password)).
    pub fn with_credential(
        base_url: impl Into<BaseUrl>,
        credential: &crate::Credential,
    ) -> Result<Self, ConfigError> {
        use crate::Credential;
        match credential {
            Credential::Static(token) => Self::with_access_token(base_url, token.clone()),
            Credential::Password { username, password } => {
                Self::with_password(base_url, username.clone(), password.clone())
            }
            other => Err(other.unsupported(Vendor::Progeny)),
        }
    }
    /// A client that obtains its tokens with `username` and `password`, refreshes the access
    /// token before it expires, and obtains a new pair when the refresh is refused.
    ///
    /// ```no_run
    /// use faceauth_clients::progeny;
    /// let client = progeny::Client::with_password(progeny::Server::Production, "user", "password")?;
    /// # Ok::<(), faceauth_clients::ConfigError>(())
    /// ```
    pub fn with_password(
        base_url: impl Into<BaseUrl>,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Result<Self, ConfigError> {
        let (base, http, auth_state) = runtime::client_parts(
            base_url,
            Ok(ClientState::without_credential(
                Vendor::Progeny,
                CREDENTIAL_HEADER,
            )),
        )?;
        let password: Secret = password.into();
        let source = Password {
            base: base.clone(),
            state: auth_state,
            username: username.into(),
            password: password.clone(),
            refresh: Mutex::new(None),
        };
        let cache = TokenCache::new(Vendor::Progeny, Box::new(source), "Bearer ");
        let state =
            ClientState::tokens(Vendor::Progeny, CREDENTIAL_HEADER, cache).knowing(&password);
        Ok(Self::new_with_client(base.as_str(), http, state))
    }
}
