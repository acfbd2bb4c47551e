//! Administration pages (admins only): `/admin` (what there is to administer), `/admin/users`
//! (each account with its role and creation date; add one with a role and an initial password,
//! change a role, remove one — the node keeps at least one admin and its refusal is shown on the
//! row) and `/admin/peers` (each peer this node pulls from: address, id, fingerprint, whether it
//! was reached, last exchange, last error, lag per origin, refused records; pin one by address
//! and node id, remove one; and any equivocation evidence). Every change is a form post with the
//! reader's token; the node decides what is allowed.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::account::{Done, read_form, refusal, same_field};
use super::forms::FieldErrors;
use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page, page_with_status, see_other};
use super::views::Names;
use crate::http::AppState;
use crate::model::NodeId;
use crate::node::accounts::{MIN_PASSWORD_CHARS, UserInfo};
use crate::node::federation::PeerStatus;
use crate::node::reads::Equivocation;
use crate::node::{NodeError, Role};

/// Every role, lowest first (the role selects offer them).
pub const ROLES: [Role; 3] = [Role::Member, Role::Editor, Role::Admin];

/// Which admin page is shown (the admin navigation marks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// `/admin`.
    Overview,
    /// `/admin/users`.
    Users,
    /// `/admin/peers`.
    Peers,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct OverviewPage<'a> {
    c: Chrome<'a>,
    tab: Tab,
    users: usize,
    admins: usize,
    peers: usize,
    reachable: usize,
    equivocations: usize,
}

/// `GET /admin`.
pub async fn overview(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    reader.require(Role::Admin)?;
    let node = &state.node;
    let users = node.list_users()?;
    let peers = node.peers(&reader.viewer)?;
    let template = OverviewPage {
        c: Chrome::new(&state, &reader, Section::Admin),
        tab: Tab::Overview,
        users: users.len(),
        admins: users.iter().filter(|u| u.role == Role::Admin).count(),
        peers: peers.len(),
        reachable: peers.iter().filter(|p| p.reachable).count(),
        equivocations: node.equivocations(&reader.viewer)?.len(),
    };
    page(&reader, &template)
}

/// The add-user form.
#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// A role change of one user.
#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
}

/// The removal of one user.
#[derive(Deserialize)]
pub struct RemoveUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
}

#[derive(Template)]
#[template(path = "admin-users.html")]
struct UsersPage<'a> {
    c: Chrome<'a>,
    tab: Tab,
    users: Vec<UserInfo>,
    roles: [Role; 3],
    done: Option<&'static str>,
    /// Errors of the add form.
    errors: FieldErrors,
    /// The add form as typed (never the password).
    username: String,
    role: String,
    min_password: usize,
    /// A refusal on one user's row: the user and why.
    row_error: Option<(String, String)>,
}

/// What the users page shows besides the list.
#[derive(Default)]
struct UsersShown {
    done: Option<&'static str>,
    errors: FieldErrors,
    username: String,
    role: String,
    row_error: Option<(String, String)>,
}

fn draw_users(
    state: &AppState,
    reader: &Reader,
    shown: UsersShown,
    status: StatusCode,
) -> Result<Response, Problem> {
    let template = UsersPage {
        c: Chrome::new(state, reader, Section::Admin),
        tab: Tab::Users,
        users: state.node.list_users()?,
        roles: ROLES,
        done: shown.done,
        errors: shown.errors,
        username: shown.username,
        role: if shown.role.is_empty() { Role::Member.as_str().to_owned() } else { shown.role },
        min_password: MIN_PASSWORD_CHARS,
        row_error: shown.row_error,
    };
    page_with_status(reader, status, &template)
}

/// `GET /admin/users`.
pub async fn users(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<Done>,
) -> Result<Response, Problem> {
    reader.require(Role::Admin)?;
    let done = query.done().and_then(|done| match done {
        "added" => Some("admin-done-added"),
        "role" => Some("admin-done-role"),
        "removed" => Some("admin-done-removed"),
        _ => None,
    });
    draw_users(&state, &reader, UsersShown { done, ..UsersShown::default() }, StatusCode::OK)
}

/// `POST /admin/users`: a new account with a role and an initial password.
pub async fn add_user(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<NewUserForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    reader.require(Role::Admin)?;
    let mut errors = FieldErrors::default();
    let username = form.username.trim();
    if username.is_empty() {
        errors.add("username", reader.tr.t("account-error-required"));
    }
    let role =
        form.role.parse::<Role>().map_err(|_| errors.add("role", reader.tr.t("admin-error-role")));
    if form.password.is_empty() {
        errors.add("password", reader.tr.t("account-error-required"));
    }
    let mut status = StatusCode::BAD_REQUEST;
    if let (true, Ok(role)) = (errors.is_empty(), role) {
        match state.node.add_user(username, role, &form.password).await {
            Ok(_) => return Ok(see_other("/admin/users?done=added")),
            Err(err) => status = refusal(&reader.tr, err, &mut errors, user_field)?,
        }
    }
    let shown =
        UsersShown { errors, username: form.username, role: form.role, ..UsersShown::default() };
    draw_users(&state, &reader, shown, status)
}

/// The field of the add-user form a node refusal names (an existing name is the name's fault).
fn user_field(field: &str) -> &str {
    if field.is_empty() { "username" } else { field }
}

/// `POST /admin/users/role`.
pub async fn set_role(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<RoleForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    reader.require(Role::Admin)?;
    let role = form.role.parse::<Role>().map_err(|err| Problem::BadRequest(err.to_string()))?;
    match state.node.set_role(&form.username, role) {
        Ok(()) => Ok(see_other("/admin/users?done=role")),
        Err(err) => refused_on_row(&state, &reader, form.username, err),
    }
}

/// `POST /admin/users/remove`.
pub async fn remove_user(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<RemoveUserForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    reader.require(Role::Admin)?;
    match state.node.remove_user_keeping_an_admin(&form.username) {
        Ok(()) => Ok(see_other("/admin/users?done=removed")),
        Err(err) => refused_on_row(&state, &reader, form.username, err),
    }
}

/// The users page with the node's refusal of a change to `username` on its row.
fn refused_on_row(
    state: &AppState,
    reader: &Reader,
    username: String,
    err: NodeError,
) -> Result<Response, Problem> {
    let mut errors = FieldErrors::default();
    let status = refusal(&reader.tr, err, &mut errors, same_field)?;
    let message = errors.all().first().map(|(_, m)| m.clone()).unwrap_or_default();
    let shown = UsersShown { row_error: Some((username, message)), ..UsersShown::default() };
    draw_users(state, reader, shown, status)
}

/// One peer as the peers page shows it.
pub struct PeerLine {
    /// Where it is reached.
    pub url: String,
    /// Its node id, when pinned.
    pub node_id: Option<String>,
    /// Its fingerprint, when pinned.
    pub fingerprint: Option<String>,
    /// Its organisation's acronym, when known.
    pub acronym: Option<String>,
    /// Whether the last attempt reached it.
    pub reachable: bool,
    /// Whether it was ever tried.
    pub tried: bool,
    /// When a pull last completed.
    pub last_sync: Option<String>,
    /// The last failure.
    pub last_error: Option<String>,
    /// Per origin (acronym): records it holds that this node does not.
    pub lag: Vec<(String, u64)>,
    /// Refused records by reason code.
    pub refused: Vec<(String, u64)>,
    /// Log pages refused whole.
    pub refused_pages: u64,
    /// Files refused.
    pub refused_files: u64,
}

impl PeerLine {
    fn of(status: PeerStatus, names: &Names<'_>, node: &crate::node::Node) -> PeerLine {
        PeerLine {
            node_id: status.node_id.map(|id| id.to_string()),
            fingerprint: status.node_id.map(|id| id.fingerprint()),
            acronym: status.node_id.and_then(|id| node.acronym_of(&id)),
            tried: status.reachable || status.last_sync.is_some() || status.last_error.is_some(),
            reachable: status.reachable,
            lag: status.lag.iter().map(|(origin, n)| (names.acronym(origin), *n)).collect(),
            refused: status.refused_records.into_iter().collect(),
            refused_pages: status.refused_pages,
            refused_files: status.refused_files,
            url: status.url,
            last_sync: status.last_sync,
            last_error: status.last_error,
        }
    }

    /// Whether any record, page or file from it was refused.
    pub fn refused_any(&self) -> bool {
        !self.refused.is_empty() || self.refused_pages > 0 || self.refused_files > 0
    }
}

/// Equivocation evidence as the peers page shows it.
pub struct EquivocationLine {
    /// The origin's acronym.
    pub origin: String,
    /// Its node id.
    pub origin_id: String,
    /// The contested position.
    pub seq: u64,
    /// The record held there.
    pub held: Option<String>,
    /// The conflicting record's id.
    pub refused_id: String,
    /// The conflicting record, signed, as JSON.
    pub raw: String,
}

impl EquivocationLine {
    fn of(evidence: Equivocation, names: &Names<'_>) -> EquivocationLine {
        EquivocationLine {
            origin: names.acronym(&evidence.origin),
            origin_id: evidence.origin.to_string(),
            seq: evidence.seq,
            held: evidence.held.map(|id| id.to_string()),
            refused_id: evidence.refused.id().to_string(),
            raw: serde_json::to_string_pretty(&evidence.refused).unwrap_or_default(),
        }
    }
}

/// The pin form.
#[derive(Deserialize)]
pub struct NewPeerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    node_id: String,
}

/// The removal of one peer.
#[derive(Deserialize)]
pub struct RemovePeerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    node_id: String,
}

#[derive(Template)]
#[template(path = "admin-peers.html")]
struct PeersPage<'a> {
    c: Chrome<'a>,
    tab: Tab,
    peers: Vec<PeerLine>,
    equivocations: Vec<EquivocationLine>,
    done: Option<&'static str>,
    errors: FieldErrors,
    url: String,
    node_id: String,
}

/// What the peers page shows besides the lists.
#[derive(Default)]
struct PeersShown {
    done: Option<&'static str>,
    errors: FieldErrors,
    url: String,
    node_id: String,
}

fn draw_peers(
    state: &AppState,
    reader: &Reader,
    shown: PeersShown,
    status: StatusCode,
) -> Result<Response, Problem> {
    let node = &state.node;
    let names = Names::new(node);
    let peers = node.peers(&reader.viewer)?;
    let evidence = node.equivocations(&reader.viewer)?;
    let template = PeersPage {
        c: Chrome::new(state, reader, Section::Admin),
        tab: Tab::Peers,
        peers: peers.into_iter().map(|p| PeerLine::of(p, &names, node)).collect(),
        equivocations: evidence.into_iter().map(|e| EquivocationLine::of(e, &names)).collect(),
        done: shown.done,
        errors: shown.errors,
        url: shown.url,
        node_id: shown.node_id,
    };
    page_with_status(reader, status, &template)
}

/// `GET /admin/peers`.
pub async fn peers(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<Done>,
) -> Result<Response, Problem> {
    reader.require(Role::Admin)?;
    let done = query.done().and_then(|done| match done {
        "pinned" => Some("admin-done-pinned"),
        "unpinned" => Some("admin-done-unpinned"),
        _ => None,
    });
    draw_peers(&state, &reader, PeersShown { done, ..PeersShown::default() }, StatusCode::OK)
}

/// `POST /admin/peers`: pins a peer (written to the config file and pulled from at once).
pub async fn add_peer(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<NewPeerForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    reader.require(Role::Admin)?;
    let mut errors = FieldErrors::default();
    let url = form.url.trim();
    if url.is_empty() {
        errors.add("url", reader.tr.t("account-error-required"));
    }
    let node_id = match form.node_id.trim() {
        "" => {
            errors.add("node_id", reader.tr.t("account-error-required"));
            None
        }
        text => text
            .parse::<NodeId>()
            .map_err(|_| errors.add("node_id", reader.tr.t("admin-error-node-id")))
            .ok(),
    };
    let mut status = StatusCode::BAD_REQUEST;
    if let (true, Some(node_id)) = (errors.is_empty(), node_id) {
        match state.node.add_peer(&reader.viewer, url, node_id).await {
            Ok(_) => return Ok(see_other("/admin/peers?done=pinned")),
            Err(err) => status = refusal(&reader.tr, err, &mut errors, same_field)?,
        }
    }
    let shown =
        PeersShown { errors, url: form.url, node_id: form.node_id, ..PeersShown::default() };
    draw_peers(&state, &reader, shown, status)
}

/// `POST /admin/peers/remove`.
pub async fn remove_peer(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<RemovePeerForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    reader.require(Role::Admin)?;
    let node_id: NodeId = form.node_id.trim().parse().map_err(|_| Problem::NotFound)?;
    match state.node.remove_peer(&reader.viewer, &node_id).await {
        Ok(_) => Ok(see_other("/admin/peers?done=unpinned")),
        Err(err) => {
            let mut errors = FieldErrors::default();
            let status = refusal(&reader.tr, err, &mut errors, same_field)?;
            draw_peers(&state, &reader, PeersShown { errors, ..PeersShown::default() }, status)
        }
    }
}
