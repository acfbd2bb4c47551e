//! The search page (`/search`): the same query features as `GET /api/v1/search` (the same
//! [`Node::search`](crate::node::Node::search), so visibility, counts and snippets are the
//! API's), with facets as links that narrow, removable filters, the reader's language boosted,
//! pagination, and an Atom feed of the query.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page, url_encode};
use super::views::{Names, short_id};
use crate::http::AppState;
use crate::http::search::{newest_first, parse_time};
use crate::index::{Hit, SearchRequest};
use crate::model::bodies::WorkingGroupBody;
use crate::node::NodeError;
use crate::node::search::SearchPage;

/// Results per page.
pub const PAGE_SIZE: usize = 10;
/// The deepest page offered.
const MAX_PAGE: usize = 500;

/// The query string of `/search` (and of a search's feed).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchForm {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Kind filter.
    pub kind: Option<String>,
    /// Origin filter (node id).
    pub origin: Option<String>,
    /// Language filter.
    pub lang: Option<String>,
    /// Working group filter (record id).
    pub group: Option<String>,
    /// Status filter.
    pub status: Option<String>,
    /// Signed on or after (date).
    pub from: Option<String>,
    /// Signed before (date).
    pub to: Option<String>,
    /// Only current versions.
    pub current: Option<String>,
    /// `relevance` or `newest`.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
}

/// A filter the reader can remove.
struct Chip {
    label: String,
    remove: String,
}

/// One facet value as a narrowing link.
struct FacetLink {
    label: String,
    count: u64,
    href: String,
    active: bool,
}

/// One facet dimension.
struct Facet {
    key: &'static str,
    links: Vec<FacetLink>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate<'a> {
    c: Chrome<'a>,
    form: SearchForm,
    searched: bool,
    total: usize,
    hits: Vec<Hit>,
    facets: Vec<Facet>,
    chips: Vec<Chip>,
    errors: Vec<(&'static str, String)>,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    feed: String,
}

impl SearchForm {
    /// The node's request for this form, read as `reader` (dates checked, the reader's language
    /// boosted), or the fields that are wrong.
    pub fn request(
        &self,
        reader: &Reader,
        limit: usize,
    ) -> Result<SearchRequest, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let mut date = |field: &'static str, value: &Option<String>| {
            let value = value.as_deref().filter(|v| !v.trim().is_empty())?;
            match parse_time(field, value.trim()) {
                Ok(at) => Some(at),
                Err(_) => {
                    errors.push((field, reader.tr.t("search-error-date")));
                    None
                }
            }
        };
        let from = date("from", &self.from);
        let to = date("to", &self.to);
        let newest = newest_first(self.sort.as_deref().filter(|s| !s.is_empty())).unwrap_or(false);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SearchRequest {
            text: self.q.clone(),
            kind: nonempty(&self.kind),
            origin: nonempty(&self.origin),
            lang: nonempty(&self.lang),
            group: nonempty(&self.group),
            status: nonempty(&self.status),
            from,
            to,
            current_only: self.current.as_deref() == Some("true"),
            prefer_lang: Some(reader.tr.tag().to_owned()),
            limit,
            offset: self.page_number().saturating_sub(1) * limit,
            facets: true,
            newest_first: newest,
            snippets: true,
            ..SearchRequest::default()
        })
    }

    /// The page asked for (1 when absent or malformed).
    fn page_number(&self) -> usize {
        self.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1).clamp(1, MAX_PAGE)
    }

    /// The query string of this form with `changes` applied (`None` removes a parameter);
    /// narrowing always returns to page 1.
    pub fn with(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("q", Some(self.q.clone()).filter(|q| !q.is_empty())),
            ("kind", nonempty(&self.kind)),
            ("origin", nonempty(&self.origin)),
            ("lang", nonempty(&self.lang)),
            ("group", nonempty(&self.group)),
            ("status", nonempty(&self.status)),
            ("from", nonempty(&self.from)),
            ("to", nonempty(&self.to)),
            ("current", nonempty(&self.current)),
            ("sort", nonempty(&self.sort)),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| (key, v)))
        .collect();
        for (key, value) in changes {
            pairs.retain(|(k, _)| k != key);
            if let Some(value) = value {
                pairs.push((key, (*value).to_owned()));
            }
        }
        let query: Vec<String> =
            pairs.iter().map(|(k, v)| format!("{k}={}", url_encode(v))).collect();
        query.join("&")
    }
}

fn nonempty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// `GET /search`.
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Query<SearchForm>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let Query(form) = form.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let searched = !form.with(&[]).is_empty();
    let (results, errors) = match form.request(&reader, PAGE_SIZE) {
        Ok(request) => (run(&state, &reader, request).await?, Vec::new()),
        Err(errors) => (empty_page(), errors),
    };
    let template = build(&state, &reader, form, searched, results, errors);
    page(&reader, &template)
}

/// Runs `request` for `reader`; a query the index refuses is reported next to the box.
async fn run(
    state: &AppState,
    reader: &Reader,
    request: SearchRequest,
) -> Result<SearchPage, Problem> {
    let node = state.node.clone();
    let viewer = reader.viewer.clone();
    let outcome = tokio::task::spawn_blocking(move || node.search(&viewer, &request))
        .await
        .map_err(|_| Problem::Render("search task failed".into()))?;
    match outcome {
        Ok(results) => Ok(results),
        Err(NodeError::Index(crate::index::IndexError::BadQuery(reason))) => {
            Err(Problem::BadRequest(reason))
        }
        Err(other) => Err(other.into()),
    }
}

fn empty_page() -> SearchPage {
    SearchPage { total: 0, hits: Vec::new(), facets: Default::default() }
}

fn build<'a>(
    state: &AppState,
    reader: &'a Reader,
    form: SearchForm,
    searched: bool,
    results: SearchPage,
    errors: Vec<(&'static str, String)>,
) -> SearchTemplate<'a> {
    let c = Chrome::new(state, reader, Section::Search);
    let labels = Labels { c: &c, names: Names::new(&state.node), state };
    let page = form.page_number();
    let pages = results.total.div_ceil(PAGE_SIZE).min(MAX_PAGE);
    let link = |n: usize| format!("/search?{}", form.with(&[("page", Some(&n.to_string()))]));
    SearchTemplate {
        facets: facets(&form, &results, &labels),
        chips: chips(&form, &labels),
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        feed: format!("/search/feed.atom?{}", form.with(&[])),
        searched,
        total: results.total,
        hits: results.hits,
        errors,
        page,
        pages,
        form,
        c,
    }
}

/// How facet values read: kinds, statuses and languages by message, organisations by acronym,
/// groups by name.
struct Labels<'a, 'c> {
    c: &'c Chrome<'a>,
    names: Names<'c>,
    state: &'c AppState,
}

impl Labels<'_, '_> {
    fn of(&self, dimension: &str, value: &str) -> String {
        match dimension {
            "kind" => self.c.tk("kind-", value),
            "status" => self.c.tk("status-", value),
            "lang" => self.c.tk("lang-", value),
            "origin" => match value.parse() {
                Ok(id) => self.names.acronym(&id),
                Err(_) => short_id(value),
            },
            "group" => self.group_name(value),
            _ => value.to_owned(),
        }
    }

    fn group_name(&self, value: &str) -> String {
        let viewer = &self.c.reader.viewer;
        let name = value.parse().ok().and_then(|id| {
            self.state
                .node
                .item::<WorkingGroupBody>(viewer, &id)
                .ok()
                .flatten()
                .map(|g| g.body.name)
        });
        name.unwrap_or_else(|| short_id(value))
    }
}

fn facets(form: &SearchForm, results: &SearchPage, labels: &Labels<'_, '_>) -> Vec<Facet> {
    let current = |key: &str| match key {
        "kind" => form.kind.clone(),
        "origin" => form.origin.clone(),
        "lang" => form.lang.clone(),
        "group" => form.group.clone(),
        "status" => form.status.clone(),
        _ => None,
    };
    let mut out = Vec::new();
    for key in ["kind", "origin", "lang", "status", "group", "year"] {
        let Some(values) = results.facets.get(key) else { continue };
        let mut links: Vec<FacetLink> = values
            .iter()
            .filter(|v| v.count > 0)
            .map(|v| FacetLink {
                label: labels.of(key, &v.value),
                count: v.count,
                href: format!("/search?{}", narrow(form, key, &v.value)),
                active: current(key).as_deref() == Some(v.value.as_str())
                    || (key == "year" && year_of(form).as_deref() == Some(v.value.as_str())),
            })
            .collect();
        if key == "year" {
            links.sort_by(|a, b| b.label.cmp(&a.label));
        }
        if !links.is_empty() {
            out.push(Facet { key, links });
        }
    }
    out
}

/// The query string narrowed to `value` of facet `key` (a year is a date range).
fn narrow(form: &SearchForm, key: &str, value: &str) -> String {
    if key == "year" {
        let next = value.parse::<i32>().map_or(String::new(), |y| format!("{}-01-01", y + 1));
        let from = format!("{value}-01-01");
        return form.with(&[("from", Some(&from)), ("to", Some(&next))]);
    }
    form.with(&[(key, Some(value))])
}

/// The year a form's date range is exactly, if it is one.
fn year_of(form: &SearchForm) -> Option<String> {
    let from = form.from.as_deref()?.strip_suffix("-01-01")?;
    let year: i32 = from.parse().ok()?;
    (form.to.as_deref() == Some(format!("{}-01-01", year + 1).as_str())).then(|| from.to_owned())
}

fn chips(form: &SearchForm, labels: &Labels<'_, '_>) -> Vec<Chip> {
    let mut chips = Vec::new();
    let mut push = |key: &'static str, value: &Option<String>, label: String| {
        if nonempty(value).is_some() {
            chips.push(Chip { label, remove: format!("/search?{}", form.with(&[(key, None)])) });
        }
    };
    for (key, value) in [
        ("kind", &form.kind),
        ("origin", &form.origin),
        ("lang", &form.lang),
        ("group", &form.group),
        ("status", &form.status),
    ] {
        let label = value.as_deref().map(|v| labels.of(key, v)).unwrap_or_default();
        push(key, value, label);
    }
    if let Some(year) = year_of(form) {
        let remove = format!("/search?{}", form.with(&[("from", None), ("to", None)]));
        chips.push(Chip { label: year, remove });
        return chips;
    }
    let c = labels.c;
    push("from", &form.from, c.t1("search-chip-from", "date", form.from.as_deref().unwrap_or("")));
    push("to", &form.to, c.t1("search-chip-to", "date", form.to.as_deref().unwrap_or("")));
    push("current", &form.current, c.t("search-current-only"));
    chips
}
