//! Credentials the mock can refuse (`faceauth mock --credential VENDOR=VALUE`): a vendor given
//! one accepts only that key or token, and the tokens its own token calls issued for the right
//! secret, each with the lifetime the vendor documents (or a shorter one for tests). A vendor given
//! none accepts any credential, as the mock always did.
//!
//! | vendor | `VALUE` | token calls |
//! | --- | --- | --- |
//! | signzy | `NAME:PASSWORD` (the login's customer name and password) or a static access token | login issues a token (lifetime undocumented: until logout, or `--token-ttl`); logout forgets it |
//! | verisoul | the API key (`x-api-key`) | none |
//! | advance | `ACCESS_KEY:SECRET_KEY` or a static access token | the token call checks `signature = sha256(accessKey + secretKey + timestamp)` and issues a token for `periodSecond` (default 3600) |
//! | progeny | `USERNAME:PASSWORD` or a static access token | token/obtain and token/refresh issue a pair: a JWT access token of five minutes (its `exp` says so) and a refresh token of 14 days |
//!
//! A value with a `:` is a login (split at the first `:`); one without is a static key or token
//! (Verisoul's value is always its API key, whole).
//!
//! Refusals are answered as the vendor documents them where it does: ADVANCE.AI's `IAM_FAILED`
//! (HTTP 200 and its envelope) for a token it did not issue or an unknown access key, its
//! documented `Signature error` for a wrong secret key; Progeny's documented 401 for a wrong
//! username or password. Elsewhere (Signzy documents only success, Verisoul no refusal, Progeny's
//! refresh no error) the mock answers a plain 401 of its own, marked by its
//! [`MOCK_HEADER`](super::MOCK_HEADER) header. No refusal repeats the secret it refused.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::error::CredentialError;
use super::issued_tokens::{IssuedTokens, TokenRefusal, MAX_ISSUED_TOKENS};
use faceauth_clients::{OperationMeta, Secret, Vendor};

/// ADVANCE.AI's default token lifetime (`periodSecond`), and its documented bounds.
const ADVANCE_DEFAULT_PERIOD: u64 = 3600;
/// Progeny's access token: "valid five minutes" (its token page).
const PROGENY_ACCESS_LIFETIME: Duration = Duration::from_secs(300);
/// Progeny's refresh token: undocumented; 14 days is what the documented sample pair's `exp`
/// claims imply (the refresh expires 14 days after the access token was issued).
const PROGENY_REFRESH_LIFETIME: Duration = Duration::from_secs(14 * 24 * 3600);

/// A credential the mock accepts for one vendor. Its `Debug` shows the vendor and the kind only.
#[derive(Clone)]
pub struct MockCredential {
    vendor: Vendor,
    form: Form,
}

#[derive(Clone)]
enum Form {
    /// A static key or token, sent in the credential header as it is.
    Static(Secret),
    /// What the vendor's token call takes: a name (customer name, access key, username) and a
    /// password (or secret key).
    Login { name: Secret, password: Secret },
}

impl fmt::Debug for MockCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.form {
            Form::Static(_) => "static",
            Form::Login { .. } => "login",
        };
        write!(f, "MockCredential({} {kind}, [redacted])", self.vendor)
    }
}

impl MockCredential {
    /// A static key or token: Verisoul's API key, or an access token of Signzy, ADVANCE.AI or
    /// Progeny, accepted as it is.
    pub fn static_value(vendor: Vendor, value: impl Into<Secret>) -> Result<Self, CredentialError> {
        let value: Secret = value.into();
        if value.expose().is_empty() {
            return Err(CredentialError::Empty(vendor));
        }
        Ok(Self {
            vendor,
            form: Form::Static(value),
        })
    }

    /// What the vendor's token call takes: Signzy's customer name and password, ADVANCE.AI's
    /// access key and secret key, Progeny's username and password. Verisoul has no token call.
    pub fn login(
        vendor: Vendor,
        name: impl Into<Secret>,
        password: impl Into<Secret>,
    ) -> Result<Self, CredentialError> {
        let (name, password): (Secret, Secret) = (name.into(), password.into());
        let what = match vendor {
            Vendor::Verisoul => return Err(CredentialError::NoLogin),
            Vendor::Signzy => "NAME:PASSWORD",
            Vendor::Advance => "ACCESS_KEY:SECRET_KEY",
            Vendor::Progeny => "USERNAME:PASSWORD",
        };
        if name.expose().is_empty() || password.expose().is_empty() {
            return Err(CredentialError::HalfLogin { vendor, form: what });
        }
        Ok(Self {
            vendor,
            form: Form::Login { name, password },
        })
    }

    /// The vendor it is for.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }
}

impl std::str::FromStr for MockCredential {
    type Err = CredentialError;

    /// `VENDOR=VALUE`, as `faceauth mock --credential` takes it (see the module's table). The
    /// error never repeats the value.
    fn from_str(text: &str) -> Result<Self, CredentialError> {
        let (vendor, value) = text
            .split_once('=')
            .ok_or(CredentialError::NotVendorValue)?;
        let vendor: Vendor = vendor.trim().parse()?;
        match (vendor, value.split_once(':')) {
            (Vendor::Verisoul, _) | (_, None) => Self::static_value(vendor, value),
            (_, Some((name, password))) => Self::login(vendor, name, password),
        }
    }
}

/// An operation that issues or forgets tokens, found by its operation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenCall {
    SignzyLogin,
    SignzyLogout,
    AdvanceToken,
    ProgenyObtain,
    ProgenyRefresh,
}

impl TokenCall {
    /// The token calls of the vendors built, each by its entry in the generated operation table
    /// (typed: a renamed operation is a compile error here, not a token call the mock forgets).
    fn table() -> Vec<(&'static OperationMeta, TokenCall)> {
        let mut table = Vec::with_capacity(5);
        #[cfg(feature = "signzy")]
        table.extend([
            (
                faceauth_clients::signzy::Operation::Login.meta(),
                TokenCall::SignzyLogin,
            ),
            (
                faceauth_clients::signzy::Operation::Logout.meta(),
                TokenCall::SignzyLogout,
            ),
        ]);
        #[cfg(feature = "advance")]
        table.push((
            faceauth_clients::advance::Operation::GenerateToken.meta(),
            TokenCall::AdvanceToken,
        ));
        #[cfg(feature = "progeny")]
        table.extend([
            (
                faceauth_clients::progeny::Operation::ObtainToken.meta(),
                TokenCall::ProgenyObtain,
            ),
            (
                faceauth_clients::progeny::Operation::RefreshToken.meta(),
                TokenCall::ProgenyRefresh,
            ),
        ]);
        table
    }

    /// The token call `operation` is, if it is one.
    pub fn of(operation: &OperationMeta) -> Option<Self> {
        Self::table()
            .into_iter()
            .find(|(meta, _)| meta.vendor == operation.vendor && meta.index == operation.index)
            .map(|(_, call)| call)
    }

    /// The documented examples its refusals answer with, which the spec must have.
    pub fn documented_refusals(self) -> &'static [&'static str] {
        match self {
            TokenCall::AdvanceToken => &["signature_error"],
            TokenCall::ProgenyObtain => &["no_active_account"],
            _ => &[],
        }
    }
}

/// How a refused credential is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The operation's documented example of this name.
    Documented(&'static str),
    /// ADVANCE.AI's `IAM_FAILED`: HTTP 200, its envelope, this message (one of the variants its
    /// glossary lists).
    IamFailed(&'static str),
    /// The operation's documented 401 if it has one, else the mock's own 401 with this reason.
    Unauthorized(String),
}

/// What a token call's body carries: read from JSON or from a form's text parts.
pub(super) trait Fields {
    /// The text of field `name` (a JSON number as its digits).
    fn field(&self, name: &str) -> Option<Cow<'_, str>>;
}

impl Fields for Value {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        match &self[name] {
            Value::String(text) => Some(Cow::Borrowed(text)),
            Value::Number(number) => Some(Cow::Owned(number.to_string())),
            _ => None,
        }
    }
}

impl Fields for crate::request_json::JsonTree<'_> {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        let node = self.member(name)?;
        match node.as_str() {
            Some(text) => Some(Cow::Borrowed(text)),
            None => node.number_text().map(Cow::Owned),
        }
    }
}

/// The credentials one vendor's mock accepts, and the tokens it issued.
pub(super) struct VendorCredentials {
    vendor: Vendor,
    statics: Vec<Secret>,
    logins: Vec<(Secret, Secret)>,
    access: IssuedTokens,
    /// Progeny's refresh tokens.
    refresh: IssuedTokens,
    /// The test lifetime: tokens live at most this long.
    ttl: Option<Duration>,
}

impl VendorCredentials {
    /// The credentials of `credentials` that are `vendor`'s; `None` if there are none (the
    /// vendor then accepts any credential).
    pub fn new(
        vendor: Vendor,
        credentials: &[MockCredential],
        ttl: Option<Duration>,
    ) -> Option<Self> {
        let mine: Vec<&MockCredential> =
            credentials.iter().filter(|c| c.vendor == vendor).collect();
        if mine.is_empty() {
            return None;
        }
        let mut accepted = Self {
            vendor,
            statics: Vec::new(),
            logins: Vec::new(),
            access: IssuedTokens::new(MAX_ISSUED_TOKENS),
            refresh: IssuedTokens::new(MAX_ISSUED_TOKENS),
            ttl,
        };
        for credential in mine {
            match &credential.form {
                Form::Static(value) => accepted.statics.push(value.clone()),
                Form::Login { name, password } => {
                    accepted.logins.push((name.clone(), password.clone()))
                }
            }
        }
        Some(accepted)
    }

    /// Whether the credential a call sent (the header's value without its prefix) is accepted.
    pub fn check_call(&self, header: &str, sent: &str) -> Result<(), Refusal> {
        if self.statics.iter().any(|s| s.expose() == sent) {
            return Ok(());
        }
        let refused = match self.access.check(sent) {
            Ok(_) => return Ok(()),
            Err(refused) => refused,
        };
        if self.vendor == Vendor::Advance {
            return Err(Refusal::IamFailed("Token not found or expired"));
        }
        let what = match self.vendor {
            Vendor::Verisoul => "API key",
            _ => "token",
        };
        Err(Refusal::Unauthorized(match refused {
            TokenRefusal::Expired => {
                format!("credential refused: the {what} in {header} has expired")
            }
            TokenRefusal::Unknown => format!(
                "credential refused: the {what} in {header} is not one the mock was given or issued"
            ),
        }))
    }

    /// Answers token call `call` whose body is `body`: the fields to set in its documented
    /// success (JSON pointer and value), or its refusal.
    pub fn token_call(
        &self,
        call: TokenCall,
        body: &dyn Fields,
    ) -> Result<Vec<(&'static str, Value)>, Refusal> {
        let field = |name: &str| body.field(name).unwrap_or_default();
        match call {
            TokenCall::SignzyLogin => {
                let subject = self.login(&field("customerName"), &field("password")).ok_or_else(
                    || {
                        Refusal::Unauthorized(
                            "credential refused: no login with this customer name and password was given to the mock"
                                .to_owned(),
                        )
                    },
                )?;
                let (token, _) = self.issue(&self.access, &subject, None);
                Ok(vec![("/accessToken", json!(token))])
            }
            TokenCall::SignzyLogout => {
                let token = field("accessToken");
                if self.statics.iter().any(|s| s.expose() == token) {
                    return Ok(Vec::new());
                }
                self.access.forget(&token).map(|_| Vec::new()).map_err(|_| {
                    Refusal::Unauthorized(
                        "credential refused: the access token to log out is not one the mock issued, or has expired"
                            .to_owned(),
                    )
                })
            }
            TokenCall::AdvanceToken => {
                let access_key = field("accessKey");
                let Some((_, secret_key)) =
                    self.logins.iter().find(|(k, _)| k.expose() == access_key)
                else {
                    return Err(Refusal::IamFailed("Access Key not found or expired"));
                };
                let expected =
                    advance_signature(&access_key, secret_key.expose(), &field("timestamp"));
                if field("signature") != expected {
                    return Err(Refusal::Documented("signature_error"));
                }
                let period = field("periodSecond")
                    .parse::<u64>()
                    .unwrap_or(ADVANCE_DEFAULT_PERIOD);
                let (token, expires_at) =
                    self.issue(&self.access, &access_key, Some(Duration::from_secs(period)));
                Ok(vec![
                    ("/data/token", json!(token)),
                    ("/data/expiredTime", json!(epoch_millis(expires_at))),
                ])
            }
            TokenCall::ProgenyObtain => {
                let subject = self
                    .login(&field("username"), &field("password"))
                    .ok_or(Refusal::Documented("no_active_account"))?;
                Ok(self.progeny_pair(&subject))
            }
            TokenCall::ProgenyRefresh => {
                let subject = self.refresh.check(&field("refresh")).map_err(|refused| {
                    Refusal::Unauthorized(match refused {
                        TokenRefusal::Expired => {
                            "credential refused: the refresh token has expired".to_owned()
                        }
                        TokenRefusal::Unknown => {
                            "credential refused: the refresh token is not one the mock issued"
                                .to_owned()
                        }
                    })
                })?;
                Ok(self.progeny_pair(&subject))
            }
        }
    }

    /// The subject of the login `name`/`password`, if it is one the mock was given.
    fn login(&self, name: &str, password: &str) -> Option<String> {
        self.logins
            .iter()
            .find(|(n, p)| n.expose() == name && p.expose() == password)
            .map(|(n, _)| n.expose().to_owned())
    }

    /// A new token of `store` for `subject`, living `documented` (`None`: until forgotten), at
    /// most the test lifetime; and when it expires.
    fn issue(
        &self,
        store: &IssuedTokens,
        subject: &str,
        documented: Option<Duration>,
    ) -> (String, Option<SystemTime>) {
        self.issue_with(store, subject, documented, |_| random_hex(32))
    }

    fn issue_with(
        &self,
        store: &IssuedTokens,
        subject: &str,
        documented: Option<Duration>,
        make: impl FnOnce(Option<SystemTime>) -> String,
    ) -> (String, Option<SystemTime>) {
        let lifetime = match (documented, self.ttl) {
            (Some(documented), Some(ttl)) => Some(documented.min(ttl)),
            (documented, ttl) => documented.or(ttl),
        };
        // Whole seconds, rounded up (a token lives at least its lifetime): a JWT's `exp` and the
        // store agree.
        let now = SystemTime::now();
        let expires_at = lifetime.map(|l| {
            let at = (now + l)
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default();
            let secs = at.as_secs() + u64::from(at.subsec_nanos() > 0);
            SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
        });
        let token = make(expires_at);
        store.insert(
            token.clone(),
            subject,
            expires_at.map(|at| at.duration_since(now).unwrap_or_default()),
        );
        (token, expires_at)
    }

    /// Progeny's token pair for `subject`: JWTs whose `exp` says when they expire.
    fn progeny_pair(&self, subject: &str) -> Vec<(&'static str, Value)> {
        let (access, _) = self.issue_with(
            &self.access,
            subject,
            Some(PROGENY_ACCESS_LIFETIME),
            |exp| jwt("access", exp),
        );
        let (refresh, _) = self.issue_with(
            &self.refresh,
            subject,
            Some(PROGENY_REFRESH_LIFETIME),
            |exp| jwt("refresh", exp),
        );
        vec![("/access", json!(access)), ("/refresh", json!(refresh))]
    }
}

/// ADVANCE.AI's token signature, computed here independently of the client's
/// (`advance::token_signature`): lower-case hex SHA-256 of access key, secret key and timestamp.
fn advance_signature(access_key: &str, secret_key: &str, timestamp: &str) -> String {
    let digest = Sha256::digest(format!("{access_key}{secret_key}{timestamp}"));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn epoch_millis(at: Option<SystemTime>) -> u64 {
    at.and_then(|at| at.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as u64)
}

/// `bytes` random bytes from the operating system, as lower-case hex.
fn random_hex(bytes: usize) -> String {
    random_bytes(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn random_bytes(count: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; count];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    bytes
}

/// A JWT as Progeny issues them (HS256, `token_type`, `exp`, `jti`), signed with random bytes:
/// the mock recognises its tokens by value, not by signature.
fn jwt(token_type: &str, expires_at: Option<SystemTime>) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = b64.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let exp = expires_at
        .and_then(|at| at.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    let claims = json!({ "token_type": token_type, "exp": exp, "jti": random_hex(16) });
    let claims = b64.encode(serde_json::to_vec(&claims).expect("JSON values serialise"));
    format!("{header}.{claims}.{}", b64.encode(random_bytes(32)))
}

/// ADVANCE.AI's `IAM_FAILED` answer: its envelope, as its other refusals print it (`data` and
/// `extra` null, a transaction id, `pricingStrategy: FREE`: the glossary lists IAM_FAILED as not
/// billed).
pub(super) fn iam_failed_body(message: &str) -> Value {
    json!({
        "code": "IAM_FAILED",
        "message": message,
        "data": null,
        "extra": null,
        "transactionId": random_hex(8),
        "pricingStrategy": "FREE",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_documented_one() {
        // ADVANCE.AI's documented sample (see advance::token_signature's doctest).
        assert_eq!(
            advance_signature("sampleaccesskey", "samplesecretkey", "1665993522952"),
            "02209bbeaf0d0a3dd587f6a1ba22f84c98d142e3b545e77db7e4906ca56349f5"
        );
    }

    #[test]
    fn credentials_parse_per_vendor_and_errors_never_repeat_the_value() {
        let parsed = |text: &str| text.parse::<MockCredential>();
        let login = parsed("signzy=acme:pw:with:colons").unwrap();
        assert!(matches!(&login.form, Form::Login { name, password }
            if name.expose() == "acme" && password.expose() == "pw:with:colons"));
        assert!(matches!(
            parsed("signzy=tok").unwrap().form,
            Form::Static(_)
        ));
        assert!(
            matches!(parsed("verisoul=k:e:y").unwrap().form, Form::Static(ref k) if k.expose() == "k:e:y")
        );
        assert!(matches!(
            parsed("advance=ak:sk").unwrap().form,
            Form::Login { .. }
        ));
        assert!(matches!(
            parsed("progeny=user:pw").unwrap().form,
            Form::Login { .. }
        ));
        assert_eq!(
            format!("{login:?}"),
            "MockCredential(signzy login, [redacted])"
        );
        for (text, reason) in [
            ("nosuchvendor=x", "unknown vendor"),
            ("signzy", "expected VENDOR=VALUE"),
            ("verisoul=", "empty"),
            ("progeny=user:", "needs both parts"),
            ("advance=:secretvalue", "needs both parts"),
        ] {
            let error = parsed(text).unwrap_err().to_string();
            assert!(error.contains(reason), "{text}: {error}");
            assert!(!error.contains("secretvalue"), "{error}");
        }
    }

    #[test]
    fn progeny_tokens_are_jwts_whose_exp_is_their_expiry() {
        let credentials = VendorCredentials::new(
            Vendor::Progeny,
            &["progeny=user:pw".parse().unwrap()],
            Some(Duration::from_secs(2)),
        )
        .unwrap();
        let form = json!({"username": "user", "password": "pw"});
        let pair = credentials
            .token_call(TokenCall::ProgenyObtain, &form)
            .unwrap();
        let access = pair[0].1.as_str().unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(access.split('.').nth(1).unwrap())
                .unwrap(),
        )
        .unwrap();
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let exp = claims["exp"].as_u64().unwrap();
        // At least the two seconds asked for, rounded up to a whole second.
        assert!((now + 2..=now + 3).contains(&exp), "{exp} {now}");
        assert_eq!(claims["token_type"], "access");
        assert_eq!(credentials.check_call("authorization", access), Ok(()));
        assert_eq!(
            credentials.token_call(
                TokenCall::ProgenyObtain,
                &json!({"username": "user", "password": "wrong"})
            ),
            Err(Refusal::Documented("no_active_account"))
        );
    }
}
