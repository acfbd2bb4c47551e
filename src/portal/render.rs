//! Turning a page into a response: the frame every page shares (`Chrome`: the organisation,
//! the navigation with the reader's place in it, the language switch, the account), the
//! templates' helpers for dates, sizes and links, the headers every portal response carries
//! (a strict Content-Security-Policy, no framing, no sniffing), and the layer that draws
//! problem pages.

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::i18n::{self, Language, Tr};
use super::problem::{Problem, ProblemPage};
use super::reader::Reader;
use crate::http::AppState;
use crate::model::NodeId;
use crate::node::Account;

/// The strictest policy the pages work under: nothing from another origin, no inline script or
/// style, forms post only here, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Where in the portal a page is (the navigation marks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The dashboard.
    Home,
    /// Search.
    Search,
    /// Meetings.
    Meetings,
    /// Working groups.
    Groups,
    /// Organisations.
    Organisations,
    /// Surveys.
    Surveys,
    /// Verify a file.
    Verify,
    /// Publishing forms.
    Publish,
    /// Administration.
    Admin,
    /// The reader's account and sign-in.
    Account,
    /// Pages outside the navigation (a record, an error).
    None,
}

/// One navigation link.
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// Its text.
    pub label: String,
    /// Whether the page is in this section.
    pub current: bool,
}

/// The frame of every page, and the helpers templates write text with.
pub struct Chrome<'a> {
    /// The reader.
    pub reader: &'a Reader,
    /// The reader's language.
    pub tr: &'a Tr,
    /// This organisation's name.
    pub name: String,
    /// Its acronym.
    pub acronym: String,
    /// This node's id.
    pub node_id: NodeId,
    /// Where the page is.
    pub section: Section,
}

impl<'a> Chrome<'a> {
    /// The frame for `reader` on a page in `section`.
    pub fn new(state: &AppState, reader: &'a Reader, section: Section) -> Chrome<'a> {
        let settings = state.node.settings();
        Chrome {
            reader,
            tr: &reader.tr,
            name: settings.name().to_owned(),
            acronym: settings.acronym().to_owned(),
            node_id: state.node.id(),
            section,
        }
    }

    /// Message `key`.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// Message `key` with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl AsRef<str>) -> String {
        self.tr.t_args(key, &[(name, value.as_ref())])
    }

    /// Message `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        first: &'static str,
        first_value: impl AsRef<str>,
        second: &'static str,
        second_value: impl AsRef<str>,
    ) -> String {
        self.tr.t_args(key, &[(first, first_value.as_ref()), (second, second_value.as_ref())])
    }

    /// Message `key` with three arguments, as `(name, value)` pairs.
    pub fn t3(
        &self,
        key: &str,
        first: &(&'static str, String),
        second: &(&'static str, String),
        third: &(&'static str, String),
    ) -> String {
        let args = [first, second, third].map(|(name, value)| (*name, value.as_str()));
        self.tr.t_args(key, &args)
    }

    /// Message `prefix` + `value` (a status or type's label), or `value` itself when there is
    /// no such message.
    pub fn tk(&self, prefix: &str, value: impl AsRef<str>) -> String {
        let value = value.as_ref();
        let key = format!("{prefix}{value}");
        if self.tr.has(&key) { self.tr.t(&key) } else { value.to_owned() }
    }

    /// Message `key` for a count.
    pub fn count(&self, key: &str, count: &usize) -> String {
        self.tr.count(key, *count as u64)
    }

    /// A number in the reader's writing.
    pub fn number(&self, value: &u64) -> String {
        self.tr.number(*value)
    }

    /// A file size.
    pub fn size(&self, bytes: &u64) -> String {
        self.tr.size(*bytes)
    }

    /// The date of an RFC 3339 time, in the reader's time zone (the text itself if it does not
    /// parse; a bare date as written).
    pub fn date(&self, at: impl AsRef<str>) -> String {
        let at = at.as_ref();
        let full = if at.len() == 10 { format!("{at}T12:00:00Z") } else { at.to_owned() };
        match i18n::zoned(&full, None) {
            Some(utc) => self.tr.date(&utc.with_time_zone(self.reader.timezone.clone())),
            None => at.to_owned(),
        }
    }

    /// A deadline as written: a date alone (the whole day), or a time with its date.
    pub fn deadline(&self, until: impl AsRef<str>) -> String {
        let until = until.as_ref();
        if until.len() == 10 { self.date(until) } else { self.date_time(until) }
    }

    /// Date and time of an RFC 3339 time in the reader's time zone.
    pub fn date_time(&self, at: impl AsRef<str>) -> String {
        let at = at.as_ref();
        match i18n::zoned(at, None) {
            Some(utc) => self.tr.date_time(&utc.with_time_zone(self.reader.timezone.clone())),
            None => at.to_owned(),
        }
    }

    /// Date and time of an RFC 3339 time in IANA zone `zone`.
    pub fn date_time_in(&self, at: impl AsRef<str>, zone: impl AsRef<str>) -> String {
        let at = at.as_ref();
        match i18n::zoned(at, Some(zone.as_ref())) {
            Some(zoned) => self.tr.date_time(&zoned),
            None => at.to_owned(),
        }
    }

    /// The signed-in account.
    pub fn account(&self) -> Option<&Account> {
        self.reader.account()
    }

    /// The interface languages, for the switch.
    pub fn languages(&self) -> &'static [Language] {
        i18n::languages()
    }

    /// The navigation, with the current section marked.
    pub fn nav(&self) -> Vec<NavItem> {
        let mut items = vec![
            (Section::Home, "/", "nav-home"),
            (Section::Search, "/search", "nav-search"),
            (Section::Meetings, "/meetings", "nav-meetings"),
            (Section::Groups, "/groups", "nav-groups"),
            (Section::Organisations, "/organisations", "nav-organisations"),
            (Section::Surveys, "/surveys", "nav-surveys"),
            (Section::Verify, "/verify", "nav-verify"),
        ];
        if self.reader.is_editor() {
            items.push((Section::Publish, "/publish", "nav-publish"));
        }
        if self.reader.is_admin() {
            items.push((Section::Admin, "/admin", "nav-admin"));
        }
        items
            .into_iter()
            .map(|(section, href, key)| NavItem {
                href,
                label: self.t(key),
                current: section == self.section,
            })
            .collect()
    }

    /// `text` percent-encoded for a query string.
    pub fn enc(&self, text: impl AsRef<str>) -> String {
        url_encode(text.as_ref())
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A rendered page as a response, with the reader's cookies.
pub fn page(reader: &Reader, template: &impl Template) -> Result<Response, Problem> {
    page_with_status(reader, StatusCode::OK, template)
}

/// A rendered page with `status`.
pub fn page_with_status(
    reader: &Reader,
    status: StatusCode,
    template: &impl Template,
) -> Result<Response, Problem> {
    let html = template.render()?;
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    set_cookies(&mut response, reader);
    Ok(response)
}

/// Adds the reader's pending cookies to `response`.
pub fn set_cookies(response: &mut Response, reader: &Reader) {
    for cookie in &reader.set_cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
}

/// A `303 See Other` to a path of this site (anything else goes home: no open redirects).
pub fn see_other(to: &str) -> Response {
    let local = to.starts_with('/') && !to.starts_with("//") && !to.contains('\\');
    let target = if local { to } else { "/" };
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(target) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The problem page's template.
#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemTemplate<'a> {
    c: Chrome<'a>,
    problem: ProblemPage,
}

/// Draws the page of every problem a portal handler returned, in the reader's language.
pub async fn render_problems(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let headers = request.headers().clone();
    let here = request.uri().path_and_query().map_or("/".to_owned(), |pq| pq.as_str().to_owned());
    let response = next.run(request).await;
    let Some(problem) = response.extensions().get::<ProblemPage>().cloned() else {
        return response;
    };
    draw_problem(&state, &method, &headers, here, problem)
}

/// The page of `problem` for a request with `method` and `headers` to `here`.
pub fn problem_page(
    state: &AppState,
    method: &axum::http::Method,
    headers: &axum::http::HeaderMap,
    here: String,
    problem: Problem,
) -> Response {
    draw_problem(state, method, headers, here, problem.page())
}

fn draw_problem(
    state: &AppState,
    method: &axum::http::Method,
    headers: &axum::http::HeaderMap,
    here: String,
    problem: ProblemPage,
) -> Response {
    let reader = Reader::read(state, method, headers, here);
    let template = ProblemTemplate { c: Chrome::new(state, &reader, Section::None), problem };
    let status = template.problem.status;
    let mut response =
        page_with_status(&reader, status, &template).unwrap_or_else(|_| status.into_response());
    secure(response.headers_mut());
    response
}

/// Adds the headers every portal response carries.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    secure(response.headers_mut());
    response
}

/// Sets the policy and protection headers of a portal response.
fn secure(headers: &mut axum::http::HeaderMap) {
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// A body with `bytes` and `content_type`, cached for a day (static assets).
pub fn asset(bytes: &'static [u8], content_type: &'static str) -> Response {
    let mut response = Body::from(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_this_site() {
        let location = |to: &str| {
            see_other(to).headers().get(header::LOCATION).unwrap().to_str().unwrap().to_owned()
        };
        assert_eq!(location("/search?q=a"), "/search?q=a");
        assert_eq!(location("//evil.example/"), "/");
        assert_eq!(location("https://evil.example/"), "/");
        assert_eq!(location("/\\evil.example"), "/");
    }

    #[test]
    fn encoding_leaves_only_unreserved_characters() {
        assert_eq!(url_encode("/a b?c=é&d"), "%2Fa%20b%3Fc%3D%C3%A9%26d");
    }
}
