//! Signzy's token flow: log in with the customer name and password, send the access token raw in
//! `Authorization`. The token's lifetime is not documented: it is kept until Signzy rejects it
//! (HTTP 401 or 403), then the client logs in again once and resends the call.

use super::types::LoginRequest;
use super::{Client, CREDENTIAL_HEADER};
use crate::runtime::{self, ClientState};
use crate::runtime::{FetchContext, Token, TokenCache, TokenFuture, TokenSource};
use crate::{BaseUrl, ConfigError, Secret, Vendor};

struct Login {
    /// Where the login call goes, without credential (`security: []`).
    base: BaseUrl,
    state: ClientState,
    customer_name: String,
    password: Secret,
}

impl TokenSource for Login {
    fn fetch<'a>(&'a self, context: FetchContext<'a>, _rejected: bool) -> TokenFuture<'a> {
        Box::pin(async move {
            let request = LoginRequest {
                customer_name: self.customer_name.clone(),
                password: self.password.clone(),
            };
            let client = Client::new_with_client(
                self.base.as_str(),
                context.http.clone(),
                self.state.for_token_request(&context),
            );
            let logged_in = client
                .login(&request)
                .await
                .map_err(|e| e.into_credential_failure(Vendor::Signzy, "Signzy login failed"))?;
            Ok(Token {
                value: logged_in.into_inner().access_token.into(),
                expires_at: None,
                issued_at: None,
            })
        })
    }
}

impl Client {
    /// A client with a credential given as data: an access token
    /// ([`Credential::Static`](crate::Credential::Static)) or a login
    /// ([`Credential::Login`](crate::Credential::Login)).
    pub fn with_credential(
        base_url: impl Into<BaseUrl>,
        credential: &crate::Credential,
    ) -> Result<Self, ConfigError> {
        use crate::Credential;
        match credential {
            Credential::Static(token) => Self::with_access_token(base_url, token.clone()),
            Credential::Login {
                customer_name,
                password,
            } => Self::with_login(base_url, customer_name.clone(), password.clone()),
            other => Err(other.unsupported(Vendor::Signzy)),
        }
    }
    /// A client that logs in with `customer_name` and `password` on its first call, sends the
    /// access token, and logs in again when Signzy rejects it.
    ///
    /// ```no_run
    /// use faceauth_clients::signzy;
    /// let client = signzy::Client::with_login(signzy::Server::Production, "acme", "password")?;
    /// # Ok::<(), faceauth_clients::ConfigError>(())
    /// ```
    pub fn with_login(
        base_url: impl Into<BaseUrl>,
        customer_name: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Result<Self, ConfigError> {
        let (base, http, auth_state) = runtime::client_parts(
            base_url,
            Ok(ClientState::without_credential(
                Vendor::Signzy,
                CREDENTIAL_HEADER,
            )),
        )?;
        let password: Secret = password.into();
        let login = Login {
            base: base.clone(),
            state: auth_state,
            customer_name: customer_name.into(),
            password: password.clone(),
        };
        let cache = TokenCache::new(Vendor::Signzy, Box::new(login), "");
        let state =
            ClientState::tokens(Vendor::Signzy, CREDENTIAL_HEADER, cache).knowing(&password);
        Ok(Self::new_with_client(base.as_str(), http, state))
    }
}
