//! Who is reading a page: the viewer (from the session cookie — an expired or unknown one reads
//! as signed out and is cleared), their language and time zone, and the token every form that
//! changes state must carry back (CSRF). Signed in, the token is derived from the session
//! secret; signed out (the sign-in and verify forms), it is a random value also kept in a
//! `SameSite=Strict` cookie, so a form posted from another site never matches. A state-changing
//! request whose `Origin` names another site is refused as well.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use jiff::tz::TimeZone;

use super::i18n::{self, Tr};
use super::problem::Problem;
use crate::http::AppState;
use crate::http::extract::SESSION_COOKIE;
use crate::model::Sha256;
use crate::model::ids::encode_b64;
use crate::node::{Account, Role, Viewer};

/// The cookie that holds a signed-out reader's form token.
pub const CSRF_COOKIE: &str = "plenary_csrf";
/// The cookie that holds a signed-out reader's language choice.
pub const LANGUAGE_COOKIE: &str = "plenary_lang";
/// The cookie that holds a signed-out reader's time zone choice.
pub const TIMEZONE_COOKIE: &str = "plenary_tz";

/// The reader of a page.
#[derive(Clone)]
pub struct Reader {
    /// What they may see.
    pub viewer: Viewer,
    /// Their session secret, when signed in through the web.
    pub session: Option<String>,
    /// Messages and formats in their language.
    pub tr: Tr,
    /// Their time zone (account preference or cookie; UTC otherwise).
    pub timezone: TimeZone,
    /// The token forms carry back.
    pub csrf: String,
    /// The path and query of this page (where the language switch returns to).
    pub here: String,
    /// Cookies to set with the response: a new form token, or a cleared stale session.
    pub set_cookies: Vec<String>,
    /// Whether the request's `Origin` (when sent) is this site.
    same_origin: bool,
    /// The public URL starts with https (cookies get `Secure`).
    pub secure: bool,
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Reader, Problem> {
        let here = parts.uri.path_and_query().map_or("/".to_owned(), |pq| pq.as_str().to_owned());
        Ok(Reader::read(state, &parts.method, &parts.headers, here))
    }
}

impl Reader {
    /// The reader of a request with `headers` for `here`.
    pub fn read(state: &AppState, method: &Method, headers: &HeaderMap, here: String) -> Reader {
        let secure = state.node.settings().public_url_is_https();
        let mut set_cookies = Vec::new();
        let session = cookie(headers, SESSION_COOKIE);
        let account = session.as_deref().and_then(|secret| state.node.authenticate(secret).ok());
        let session = match (&session, &account) {
            (Some(_), None) => {
                set_cookies.push(expired_cookie(SESSION_COOKIE, secure));
                None
            }
            _ => session,
        };
        let preferences = account
            .as_ref()
            .and_then(|a| state.node.preferences(&a.username).ok())
            .unwrap_or_default();
        let cookie_language = cookie(headers, LANGUAGE_COOKIE);
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let language =
            i18n::choose(&[preferences.language.as_deref(), cookie_language.as_deref()], accept);
        let zone_name = preferences.timezone.or_else(|| cookie(headers, TIMEZONE_COOKIE));
        let timezone =
            zone_name.and_then(|name| TimeZone::get(&name).ok()).unwrap_or(TimeZone::UTC);
        let csrf = match &session {
            Some(secret) => session_csrf(secret),
            None => cookie(headers, CSRF_COOKIE).filter(|t| t.len() == 43).unwrap_or_else(|| {
                let token = encode_b64(&rand::random::<[u8; 32]>());
                set_cookies.push(format!(
                    "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{}",
                    if secure { "; Secure" } else { "" }
                ));
                token
            }),
        };
        let viewer = account.map_or(Viewer::Anonymous, Viewer::Local);
        let same_origin = *method == Method::GET || origin_is_this_site(headers, state);
        Reader {
            viewer,
            session,
            tr: Tr::new(language),
            timezone,
            csrf,
            here,
            set_cookies,
            same_origin,
            secure,
        }
    }

    /// The signed-in account.
    pub fn account(&self) -> Option<&Account> {
        self.viewer.account()
    }

    /// Whether the reader may publish.
    pub fn is_editor(&self) -> bool {
        self.account().is_some_and(|a| a.role >= Role::Editor)
    }

    /// Whether the reader administers the node.
    pub fn is_admin(&self) -> bool {
        self.account().is_some_and(|a| a.role >= Role::Admin)
    }

    /// The signed-in account, or a problem that sends the reader to sign in.
    pub fn require(&self, role: Role) -> Result<&Account, Problem> {
        match self.account() {
            None => Err(Problem::SignInFirst(self.here.clone())),
            Some(account) if account.role >= role => Ok(account),
            Some(_) => Err(Problem::Forbidden),
        }
    }

    /// Refuses a state-changing form whose token is not this reader's or that came from
    /// another site.
    pub fn check_form(&self, token: &str) -> Result<(), Problem> {
        let matches = constant_time_eq(token.as_bytes(), self.csrf.as_bytes());
        if matches && self.same_origin { Ok(()) } else { Err(Problem::StaleForm) }
    }
}

/// The form token of a web session: derived from its secret, so it needs no storage and dies
/// with the session.
pub fn session_csrf(secret: &str) -> String {
    let digest = Sha256::of(format!("plenary-csrf\n{secret}").as_bytes());
    encode_b64(digest.as_bytes())
}

/// A cookie's value.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
}

/// A `Set-Cookie` value that removes `name`.
pub fn expired_cookie(name: &str, secure: bool) -> String {
    format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Whether the request's `Origin` (or, without one, its `Referer`) is this node: its public URL
/// or the host the request was sent to. A request naming neither passes (the token decides).
fn origin_is_this_site(headers: &HeaderMap, state: &AppState) -> bool {
    let sent = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(sent) = sent else { return true };
    let site = site_of(sent);
    let public = site_of(state.node.settings().public_url());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    site == public || host.is_some_and(|host| site.ends_with(&format!("://{host}")))
}

/// `scheme://host[:port]` of a URL.
fn site_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return String::new() };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_compare_by_scheme_host_and_port() {
        assert_eq!(site_of("https://Portal.example:8443/login?x"), "https://portal.example:8443");
        assert_ne!(site_of("http://evil.example"), site_of("http://portal.example"));
        assert_eq!(site_of("null"), "");
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "plenary_csrf_x=1; plenary_csrf=abc".parse().unwrap());
        assert_eq!(cookie(&headers, CSRF_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn session_tokens_differ_per_session() {
        assert_ne!(session_csrf("pls_a"), session_csrf("pls_b"));
        assert_eq!(session_csrf("pls_a").len(), 43);
        assert!(constant_time_eq(b"same", b"same"));
        assert!(!constant_time_eq(b"same", b"diff"));
    }
}
