//! Where a client sends its calls: a vendor's documented server, or any base URL.

use std::fmt;
use std::str::FromStr;

use crate::ConfigError;

/// The base URL a client prepends to every operation's path.
///
/// Every vendor's `Server` converts into one; [`BaseUrl::parse`] accepts any other absolute
/// `http`/`https` URL (a mock server, a proxy, a new regional host).
///
/// ```
/// use faceauth_clients::{BaseUrl, signzy};
///
/// let documented = BaseUrl::from(signzy::Server::Production);
/// assert_eq!(documented.as_str(), "https://deepfaceauth.signzy.app/deepfaceauth");
/// let local = BaseUrl::parse("http://127.0.0.1:8080/").unwrap();
/// assert_eq!(local.as_str(), "http://127.0.0.1:8080");
/// assert!(BaseUrl::parse("ftp://example.com").is_err());
/// // A password in the URL would be sent as Basic auth and printed: refused, and the error
/// // does not hold it.
/// let refused = BaseUrl::parse("https://user:hunter2@api.example.com").unwrap_err();
/// assert!(!refused.to_string().contains("hunter2"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Accepts an absolute `http` or `https` URL with a host and without user information. A
    /// trailing `/` is dropped, since every operation path starts with one.
    ///
    /// A `user:password@` in the URL is refused: reqwest would send it as Basic auth to every
    /// vendor call, and a URL is printed (in errors, logs, reports). The error shows the URL
    /// with the user information replaced.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
            url: without_userinfo(url),
            reason: reason.to_owned(),
        };
        let parsed = reqwest::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid(
                "a base URL takes no user or password (give the credential to the client instead)",
            ));
        }
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid("a base URL takes no query or fragment"));
        }
        Ok(Self(url.trim_end_matches('/').to_owned()))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `url` with anything between the scheme and the last `@` of its authority replaced by
/// [`REDACTED`](crate::REDACTED), found by text, so that even a URL that does not parse prints
/// without its password.
fn without_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{}{}", &url[..scheme_end], crate::REDACTED, &rest[at..]),
        None => url.to_owned(),
    }
}

impl FromStr for BaseUrl {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Declares a vendor's `Server` enum: the servers its spec lists, selectable by name.
/// A test checks that each list matches the `servers` of the vendor's spec (the spec's own, then
/// those only some of its operations list).
macro_rules! vendor_servers {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $url:literal; )+) => {
        /// A server the vendor documents. Convert it into a [`BaseUrl`](crate::BaseUrl), or pick
        /// one by name with `str::parse`. Non-exhaustive: a server the vendor adds is a new
        /// variant in a minor release.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Server {
            $( $(#[$doc])* $variant, )+
        }

        impl Server {
            /// Every documented server, in the spec's order.
            pub const ALL: &'static [Server] = &[$(Server::$variant),+];

            /// The server's name, as `str::parse` accepts it.
            pub fn name(self) -> &'static str {
                match self { $( Server::$variant => $name, )+ }
            }

            /// The server's base URL, as the vendor documents it.
            pub fn url(self) -> &'static str {
                match self { $( Server::$variant => $url, )+ }
            }

            /// Whether the vendor's documents list `operation` on this server. A client made
            /// for this server refuses the others without sending them.
            pub fn serves(self, operation: Operation) -> bool {
                operation.servers().contains(&self.url())
            }
        }

        impl ::std::str::FromStr for Server {
            type Err = $crate::ConfigError;
            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|s| s.name().eq_ignore_ascii_case(name))
                    .ok_or_else(|| $crate::ConfigError::InvalidBaseUrl {
                        url: name.to_owned(),
                        reason: format!(
                            "not a documented server; one of: {}",
                            Self::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                        ),
                    })
            }
        }

        // Hidden from rustdoc: every vendor's `Server` has this impl, and `BaseUrl`'s page would
        // list four identical-looking `From<Server>` lines; each `Server`'s own docs say it.
        #[doc(hidden)]
        impl From<Server> for $crate::BaseUrl {
            fn from(server: Server) -> Self {
                $crate::BaseUrl::parse(server.url()).expect("documented server URLs are valid")
            }
        }
    };
}
pub(crate) use vendor_servers;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_information_is_refused_and_never_printed() {
        for url in [
            "http://user:canary-pass@127.0.0.1:8080",
            "https://canary-pass@api.example.com/v1",
            "https://user:canary-pass@api.example.com/?q",
            // Does not parse (a space in the host): still printed without the password.
            "https://user:canary-pass@api example.com",
        ] {
            let error = BaseUrl::parse(url).unwrap_err();
            let printed = format!("{error} {error:?}");
            assert!(!printed.contains("canary-pass"), "{printed}");
            assert!(printed.contains("[redacted]@"), "{printed}");
        }
        assert_eq!(
            without_userinfo("http://u:p@h/a@b"),
            "http://[redacted]@h/a@b"
        );
        assert_eq!(without_userinfo("http://h/a@b"), "http://h/a@b");
    }
}
