//! `obtainToken` and `refreshToken`, written by hand: the vendor's overview says every request body
//! must be multipart/form-data, which progenitor cannot generate (see `multipart.rs`). Both are
//! sent without credential (`security: []`); the password and tokens travel as text parts and,
//! like every `Secret`, never appear in `Debug` output, logs or snapshots. Their forms are buffered,
//! so a 503 or a refused connection is retried as for any JSON call.

use reqwest::multipart::Form;

use super::{types, Client, Error, Operation, ResponseValue};

impl Client {
    /// Exchanges the username and password Progeny provides for a token pair:
    /// `POST /api/v3/accounts/token/obtain/` as `multipart/form-data` with the text parts
    /// `username` and `password`. A refusal is the documented [`types::TokenError`]: 400 (a field
    /// missing) or 401 (`{"detail": "No active account found with the given credentials"}`).
    ///
    /// [`Client::with_password`] calls this (and [`Client::refresh_token`]) for you.
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.obtainToken.md"))]
    pub async fn obtain_token(
        &self,
        body: &types::ObtainTokenRequest,
    ) -> Result<ResponseValue<types::TokenPair>, Error<types::TokenError>> {
        let form = Form::new()
            .text("username", body.username.clone())
            .text("password", body.password.expose().to_owned());
        self.send_form(Operation::ObtainToken, form, &[400, 401])
            .await
    }

    /// Exchanges a refresh token for a new token pair: `POST /api/v3/accounts/token/refresh/` as
    /// `multipart/form-data` with the text part `refresh`. The page documents no error for it:
    /// any refusal is an undocumented status (the token flow then obtains a new pair).
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.refreshToken.md"))]
    pub async fn refresh_token(
        &self,
        body: &types::RefreshTokenRequest,
    ) -> Result<ResponseValue<types::TokenPair>, Error<()>> {
        let form = Form::new().text("refresh", body.refresh.expose().to_owned());
        self.send_form(Operation::RefreshToken, form, &[]).await
    }
}
