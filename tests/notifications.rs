//! Notifications instead of email, against real nodes on loopback: "what's new for me" per
//! organisation and as the reader may see it (items leave once answered, RSVPed or closed),
//! the dashboard's "For you" section, the personal Atom feed opened by a revocable secret in
//! its URL, and the signed webhook — retried with backoff against a real receiver that fails
//! first, verified with the node's public key, and kept across a restart of the node.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use common::{ForeignLog, TestNode, document};
use plenary::crypto::{NodeKey, verify_strict};
use plenary::model::{KeyId, Kind, NodeId, RecordId, Visibility};
use plenary::node::inbox::Inbox;
use plenary::node::outbox::{Retry, signed_bytes};
use plenary::node::{Account, Node, Role, Viewer};
use serde_json::{Value, json};
use time::OffsetDateTime;

const PASSWORD: &str = "a long test password";

fn member(username: &str) -> Viewer {
    Viewer::Local(Account { username: username.into(), role: Role::Member })
}

fn days_from_now(days: i64) -> String {
    let at = OffsetDateTime::now_utc() + time::Duration::days(days);
    plenary::model::record::format_utc_timestamp(at)
}

fn consultation(title: &str, comment_until: &str) -> Value {
    let mut body = document(title);
    body["status"] = json!("consultation");
    body["comment_until"] = json!(comment_until);
    body
}

fn survey(title: &str, opens_at: Option<&str>, closes_at: &str) -> Value {
    let mut body = json!({
        "title": title,
        "closes_at": closes_at,
        "questions": [{"id": "ria", "text": "Do you assess regulatory impact?", "type": "yes_no", "required": true}]
    });
    if let Some(opens) = opens_at {
        body["opens_at"] = json!(opens);
    }
    body
}

fn meeting(title: &str, starts_at: &str, invited: &[NodeId]) -> Value {
    let invited: Vec<String> = invited.iter().map(NodeId::to_string).collect();
    json!({"title": title, "meeting_type": "plenary", "starts_at": starts_at, "invited": invited})
}

fn titles(items: &[plenary::node::inbox::InboxItem]) -> Vec<&str> {
    items.iter().map(|i| i.title.as_str()).collect()
}

/// Ingests `record` into each node.
async fn ingest(nodes: &[&TestNode], record: &plenary::model::Record) {
    for node in nodes {
        node.node.ingest(record.clone()).await.unwrap();
    }
}

/// What another organisation (ORG3) published, as both nodes hold it.
struct Published {
    survey: RecordId,
    meeting: RecordId,
    our_document: RecordId,
}

/// Node A, node B and ORG3's records: consultations (soon, later, only for B), surveys (open,
/// not yet open, closed), meetings (inviting A, inviting nobody), a comment on A's document and
/// one on ORG3's own draft.
async fn federation_of_three(a: &TestNode, b: &TestNode) -> Published {
    let mut org = ForeignLog::new(3);
    let (soon, later) = (&days_from_now(7)[..10], &days_from_now(60)[..10]);
    let both = [a, b];
    ingest(&both, &org.records[0].clone()).await;
    let partners = Visibility::PARTNERS;
    let only_b = Visibility::Nodes { nodes: vec![b.node.id()] };
    let records = [
        org.append(Kind::Document, partners.clone(), consultation("Soon draft", soon)),
        org.append(Kind::Document, partners.clone(), consultation("Later draft", later)),
        org.append(Kind::Document, only_b, consultation("Draft for B only", soon)),
        org.append(
            Kind::Survey,
            partners.clone(),
            survey("Open survey", None, "2099-01-01T00:00:00Z"),
        ),
        org.append(
            Kind::Survey,
            partners.clone(),
            survey("Future survey", Some("2098-01-01T00:00:00Z"), "2099-01-01T00:00:00Z"),
        ),
        org.append(
            Kind::Survey,
            partners.clone(),
            survey("Closed survey", None, "2020-01-01T00:00:00Z"),
        ),
        org.append(
            Kind::Meeting,
            partners.clone(),
            meeting("Plenary with A", "2099-06-01T09:00:00Z", &[a.node.id()]),
        ),
        org.append(
            Kind::Meeting,
            partners.clone(),
            meeting("Plenary without A", "2099-06-02T09:00:00Z", &[]),
        ),
    ];
    for record in &records {
        ingest(&both, record).await;
    }
    let our_document = a
        .publish(&a.admin, "document", json!("partners"), consultation("Our report", "2099-01-31"))
        .await;
    let on_ours = org.append(
        Kind::Comment,
        partners.clone(),
        json!({"about": our_document.to_string(), "text": "We support option B."}),
    );
    let on_theirs = org.append(
        Kind::Comment,
        partners,
        json!({"about": records[0].id().to_string(), "text": "A note on our own draft."}),
    );
    ingest(&both, &on_ours).await;
    ingest(&both, &on_theirs).await;
    a.indexed().await;
    b.indexed().await;
    Published { survey: records[3].id(), meeting: records[6].id(), our_document }
}

fn inbox_of(node: &TestNode, username: &str, now: OffsetDateTime) -> Inbox {
    node.node.inbox(&member(username), now).unwrap()
}

#[tokio::test]
async fn the_inbox_holds_what_asks_for_each_organisation_until_answered_or_closed() {
    let a = TestNode::start().await;
    let b = TestNode::start_keyed(NodeKey::from_seed([21; 32]), |_| {}).await;
    let amina = a.user_token("amina", Role::Member).await;
    b.user_token("bruno", Role::Member).await;
    let published = federation_of_three(&a, &b).await;
    let now = OffsetDateTime::now_utc();

    let inbox = inbox_of(&a, "amina", now);
    assert_eq!(
        titles(&inbox.consultations),
        ["Soon draft"],
        "closing within 14 days, visible to A"
    );
    assert_eq!(titles(&inbox.surveys), ["Open survey"]);
    assert_eq!(titles(&inbox.meetings), ["Plenary with A"]);
    assert_eq!(titles(&inbox.comments), ["Our report"], "only the comment on A's own document");
    let comment = &inbox.comments[0];
    assert_eq!(comment.origin, ForeignLog::new(3).key.node_id());
    assert_eq!(comment.link, format!("/documents/{}", published.our_document));
    assert_eq!(inbox.meetings[0].link, format!("/meetings/{}", published.meeting));
    assert_eq!(inbox.meetings[0].at.as_deref(), Some("2099-06-01T09:00:00Z"));

    let other = inbox_of(&b, "bruno", now);
    let mut b_consultations = titles(&other.consultations);
    b_consultations.sort_unstable();
    assert_eq!(
        b_consultations,
        ["Draft for B only", "Soon draft"],
        "B sees what is addressed to B"
    );
    assert!(other.meetings.is_empty(), "B is not invited");
    assert!(other.comments.is_empty(), "B published nothing commented on");

    assert!(a.node.inbox(&Viewer::Anonymous, now).is_err(), "only signed-in users have an inbox");

    // Answering the survey and the invitation takes them out.
    let answer = json!({"kind": "survey_response", "body": {"survey": published.survey.to_string(), "answers": [{"question": "ria", "value": true}]}});
    assert_eq!(a.post_json("/api/v1/records", Some(&amina), &answer).await.status(), 201);
    let rsvp = json!({"kind": "rsvp", "body": {"meeting": published.meeting.to_string(), "response": "accept", "attendees": ["Amina"]}});
    assert_eq!(a.post_json("/api/v1/records", Some(&amina), &rsvp).await.status(), 201);
    a.indexed().await;
    let answered = inbox_of(&a, "amina", OffsetDateTime::now_utc());
    assert!(answered.surveys.is_empty(), "{:?}", answered.surveys);
    assert!(answered.meetings.is_empty(), "{:?}", answered.meetings);
    assert_eq!(titles(&answered.consultations), ["Soon draft"]);
    assert_eq!(
        inbox_of(&b, "bruno", OffsetDateTime::now_utc()).surveys.len(),
        1,
        "B still owes its answer"
    );

    // Later: the draft has closed and the comment is no longer recent.
    let later = inbox_of(&a, "amina", now + time::Duration::days(31));
    assert!(later.consultations.is_empty() && later.comments.is_empty(), "{later:?}");
}

/// A session cookie for `username` (API sign-in; the portal reads the same session).
async fn session(node: &TestNode, username: &str) -> String {
    format!("plenary_session={}", node.login(username, PASSWORD).await)
}

/// A request without following redirects.
fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn page(node: &TestNode, path: &str, cookie: Option<&str>, language: &str) -> (u16, String) {
    let mut request =
        client().get(format!("{}{path}", node.url)).header("accept-language", language);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post_form(
    node: &TestNode,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let response = client()
        .post(format!("{}{path}", node.url))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .unwrap();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    (response.status().as_u16(), location, response.text().await.unwrap())
}

fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).expect("a form token") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_dashboard_has_a_for_you_section_for_signed_in_readers() {
    let a = TestNode::start().await;
    let b = TestNode::start().await;
    a.user_token("amina", Role::Member).await;
    federation_of_three(&a, &b).await;
    let cookie = session(&a, "amina").await;

    let (status, html) = page(&a, "/", Some(&cookie), "en").await;
    assert_eq!(status, 200);
    for needle in [
        "id=\"for-you-heading\"",
        "For you",
        "4 items",
        "Consultations closing soon",
        "<bdi>Soon draft</bdi>",
        "<bdi>Open survey</bdi>",
        "<bdi>Plenary with A</bdi>",
        "<bdi>Our report</bdi>",
        "ORG3",
    ] {
        assert!(html.contains(needle), "the dashboard shows {needle:?}");
    }
    for hidden in
        ["Later draft", "Draft for B only", "Future survey", "Closed survey", "Plenary without A"]
    {
        let section =
            &html[html.find("for-you-heading").unwrap()..html.find("dashboard-grid").unwrap()];
        assert!(!section.contains(hidden), "For you leaves out {hidden:?}");
    }
    let (_, french) = page(&a, "/", Some(&cookie), "fr").await;
    assert!(
        french.contains("Pour vous") && french.contains("Consultations qui se terminent bientôt")
    );

    let (_, anonymous) = page(&a, "/", None, "en").await;
    assert!(!anonymous.contains("for-you-heading"), "signed out, no For you");

    let quiet = TestNode::start().await;
    quiet.user_token("zoe", Role::Member).await;
    let (_, empty) = page(&quiet, "/", Some(&session(&quiet, "zoe").await), "en").await;
    assert!(
        empty.contains("nothing new") && empty.contains("No open survey awaits"),
        "empty states"
    );
}

/// Creates the reader's feed through the account page; returns the feed's path.
async fn create_feed(node: &TestNode, cookie: &str) -> String {
    let (status, account) = page(node, "/account", Some(cookie), "en").await;
    assert_eq!(status, 200);
    assert!(account.contains(r#"action="/account/feed""#), "the account page offers a feed");
    let (status, _, html) =
        post_form(node, "/account/feed", cookie, &[("csrf", &csrf_of(&account))]).await;
    assert_eq!(status, 201, "{html}");
    let start = html.find("/feeds/me/").expect("the feed URL is shown");
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

async fn fetch_feed(node: &TestNode, path: &str) -> (u16, String) {
    let response = client().get(format!("{}{path}", node.url)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn entry_titles(xml: &str) -> Vec<String> {
    let feed: atom_syndication::Feed = xml.parse().expect("a valid Atom feed");
    feed.entries().iter().map(|e| e.title().as_str().to_owned()).collect()
}

#[tokio::test]
async fn the_personal_feed_opens_by_its_secret_until_revoked() {
    let a = TestNode::start().await;
    let b = TestNode::start_keyed(NodeKey::from_seed([21; 32]), |_| {}).await;
    a.user_token("amina", Role::Member).await;
    a.user_token("omar", Role::Member).await;
    b.user_token("bruno", Role::Member).await;
    federation_of_three(&a, &b).await;
    let amina = session(&a, "amina").await;

    let (_, account) = page(&a, "/account", Some(&amina), "en").await;
    assert!(account.contains("Create my feed address") && !account.contains("Revoke my feed"));
    let path = create_feed(&a, &amina).await;
    assert!(path.ends_with(".atom"));
    let (status, xml) = fetch_feed(&a, &path).await;
    assert_eq!(status, 200, "{xml}");
    let mut titles = entry_titles(&xml);
    titles.sort();
    assert_eq!(
        titles,
        [
            "Consultation closing soon: Soon draft",
            "Meeting invitation: Plenary with A",
            "New comment on Our report",
            "Survey awaiting your answer: Open survey",
        ]
    );

    // Another organisation's user sees their own items, never A's; A's secret opens nothing on B.
    let bruno = create_feed(&b, &session(&b, "bruno").await).await;
    let (_, theirs) = fetch_feed(&b, &bruno).await;
    let theirs = entry_titles(&theirs);
    assert!(theirs.iter().any(|t| t.contains("Draft for B only")), "{theirs:?}");
    assert!(
        !theirs.iter().any(|t| t.contains("Plenary with A") || t.contains("Our report")),
        "{theirs:?}"
    );
    assert_eq!(fetch_feed(&b, &path).await.0, 404, "a secret opens only its own node's feed");

    // Unknown or malformed secrets are 404s; a form without the reader's token changes nothing.
    assert_eq!(
        fetch_feed(&a, "/feeds/me/plf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.atom").await.0,
        404
    );
    assert_eq!(fetch_feed(&a, &path.replace(".atom", "")).await.0, 404);
    let (status, _, _) = post_form(&a, "/account/feed/revoke", &amina, &[("csrf", "forged")]).await;
    assert_ne!(status, 303);
    assert_eq!(fetch_feed(&a, &path).await.0, 200, "a stale form revokes nothing");

    // Another user's feed is their own; revoking one leaves the other.
    let omar = session(&a, "omar").await;
    let omar_path = create_feed(&a, &omar).await;
    assert_ne!(omar_path, path);
    let (_, account) = page(&a, "/account", Some(&amina), "en").await;
    assert!(account.contains("Your feed address was created on"));
    let (status, location, _) =
        post_form(&a, "/account/feed/revoke", &amina, &[("csrf", &csrf_of(&account))]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/account?done=feed-revoked")));
    assert_eq!(fetch_feed(&a, &path).await.0, 404, "revoked");
    assert_eq!(fetch_feed(&a, &omar_path).await.0, 200, "omar's feed still works");

    // A new link replaces the old; a removed user's feed stops.
    let first = create_feed(&a, &omar).await;
    assert_eq!(fetch_feed(&a, &omar_path).await.0, 404, "replaced");
    assert_eq!(fetch_feed(&a, &first).await.0, 200);
    a.node.remove_user("omar").unwrap();
    assert_eq!(fetch_feed(&a, &first).await.0, 404, "removed user");
}

/// What the receiver saw: each request's headers and body, when it came, and what it answered.
#[derive(Default)]
struct Received {
    requests: Vec<(HeaderMap, Vec<u8>, Instant, u16)>,
}

/// What the receiver's handler shares: what it saw, and whether it refuses everything.
type ReceiverState = (Arc<Mutex<Received>>, Arc<Mutex<bool>>);

/// An axum receiver on loopback that answers 500 to the first `failures` requests (and to
/// every request while `refusing` is set), then 200.
async fn receiver(failures: usize, refusing: Arc<Mutex<bool>>) -> (String, Arc<Mutex<Received>>) {
    let seen = Arc::new(Mutex::new(Received::default()));
    let state = (seen.clone(), refusing);
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |axum::extract::State((seen, refusing)): axum::extract::State<ReceiverState>,
                  headers: HeaderMap,
                  body: axum::body::Bytes| async move {
                let mut seen = seen.lock().unwrap();
                let fail = seen.requests.len() < failures || *refusing.lock().unwrap();
                let status = if fail { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::OK };
                seen.requests.push((headers, body.to_vec(), Instant::now(), status.as_u16()));
                status
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app.with_state(state)).await });
    (url, seen)
}

/// Waits up to 30 s for `check` on what the receiver saw.
async fn until(seen: &Arc<Mutex<Received>>, what: &str, check: impl Fn(&Received) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check(&seen.lock().unwrap()) {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Checks the request's signature with the public key named by `Plenary-Node`.
fn verifies(headers: &HeaderMap, body: &[u8], node: NodeId) -> bool {
    let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_owned();
    let key: KeyId = header("plenary-node").parse().unwrap();
    assert_eq!(header("plenary-node"), node.to_string());
    let message = signed_bytes(&header("plenary-timestamp"), body);
    verify_strict(&key, &message, &header("plenary-signature")).is_ok()
}

#[tokio::test]
async fn the_webhook_is_signed_and_retried_until_accepted() {
    let (url, seen) = receiver(2, Arc::new(Mutex::new(false))).await;
    let a = TestNode::start_with(|config| config.notifications.webhook_url = Some(url)).await;
    let ours = a
        .publish(&a.admin, "document", json!("partners"), consultation("Our report", "2099-01-31"))
        .await;
    let mut org = ForeignLog::new(3);
    a.node.ingest(org.records[0].clone()).await.unwrap();
    let quiet = org.append(Kind::Document, Visibility::PARTNERS, document("Annual report"));
    a.node.ingest(quiet).await.unwrap();
    let comment = org.append(
        Kind::Comment,
        Visibility::PARTNERS,
        json!({"about": ours.to_string(), "text": "Option B."}),
    );
    a.node.ingest(comment.clone()).await.unwrap();

    until(&seen, "a delivery is accepted", |r| r.requests.iter().any(|q| q.3 == 200)).await;
    let seen = seen.lock().unwrap();
    let statuses: Vec<u16> = seen.requests.iter().map(|r| r.3).collect();
    assert_eq!(statuses, [500, 500, 200], "two failures, then accepted");
    let gaps: Vec<Duration> =
        seen.requests.windows(2).map(|w| w[1].2.duration_since(w[0].2)).collect();
    assert!(gaps[0] >= Duration::from_millis(900), "waited about 1 s: {gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(1900), "then about 2 s: {gaps:?}");
    let bodies: Vec<&Vec<u8>> = seen.requests.iter().map(|r| &r.1).collect();
    assert!(bodies.iter().all(|b| *b == bodies[0]), "the same notice each time");

    let (headers, body, _, _) = &seen.requests[2];
    assert!(verifies(headers, body, a.node.id()), "the signature verifies with the node's key");
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert!(!verifies(headers, &tampered, a.node.id()), "and only over the exact body");
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    let notice: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(notice["event"], "comment");
    assert_eq!(notice["record"], comment.id().to_string());
    assert_eq!(notice["kind"], "comment");
    assert_eq!(notice["origin"], org.key.node_id().to_string());
    assert_eq!(notice["title"], "Our report");
    assert_eq!(
        notice["link"],
        format!("{}/documents/{ours}", a.node.settings().public_url().trim_end_matches('/'))
    );
    assert_eq!(notice["signed_at"], comment.header.created_at);
    assert_eq!(a.node.deliveries_owed().unwrap(), 0, "nothing left to deliver");
    assert_eq!(seen.requests.len(), 3, "the plain document and own records notify nothing");
}

/// Opens a node on `config` with `key` and starts its webhook task.
async fn open(
    config: &plenary::config::Config,
    key: [u8; 32],
    url: &str,
) -> (Arc<Node>, plenary::webhook::WebhookTask) {
    let node = Arc::new(
        Node::open_with(config, NodeKey::from_seed(key), common::settings(config)).await.unwrap(),
    );
    let task = plenary::webhook::start(node.clone(), url).unwrap();
    (node, task)
}

#[tokio::test]
async fn a_pending_delivery_survives_a_restart_and_old_ones_are_dropped() {
    let refusing = Arc::new(Mutex::new(true));
    let (url, seen) = receiver(0, refusing.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_in(dir.path(), |_| {});
    let (node, task) = open(&config, [41; 32], &url).await;
    let mut org = ForeignLog::new(3);
    node.ingest(org.records[0].clone()).await.unwrap();
    let draft = org.append(
        Kind::Document,
        Visibility::PARTNERS,
        consultation("Draft strategy", "2099-01-31"),
    );
    node.ingest(draft.clone()).await.unwrap();
    until(&seen, "a first attempt fails", |r| !r.requests.is_empty()).await;

    task.stop().await;
    let Ok(node) = Arc::try_unwrap(node) else { panic!("the task let go of the node") };
    node.shutdown().await;
    *refusing.lock().unwrap() = false;

    let (node, task) = open(&config, [41; 32], &url).await;
    until(&seen, "the delivery is accepted after the restart", |r| {
        r.requests.iter().any(|q| q.3 == 200)
    })
    .await;
    {
        let seen = seen.lock().unwrap();
        let accepted = seen.requests.iter().find(|q| q.3 == 200).unwrap();
        let notice: Value = serde_json::from_slice(&accepted.1).unwrap();
        assert_eq!(
            (notice["event"].as_str(), notice["record"].as_str()),
            (Some("consultation"), Some(draft.id().to_string().as_str()))
        );
        assert!(verifies(&accepted.0, &accepted.1, node.id()));
    }
    assert_eq!(node.deliveries_owed().unwrap(), 0);
    task.stop().await;

    // A notice still failing a day after it was queued is dropped.
    let invitation = org.append(
        Kind::Meeting,
        Visibility::PARTNERS,
        meeting("Council", "2099-03-01T09:00:00Z", &[node.id()]),
    );
    node.ingest(invitation.clone()).await.unwrap();
    assert_eq!(node.queue_notices(OffsetDateTime::now_utc()).unwrap(), 1);
    let tomorrow = OffsetDateTime::now_utc() + time::Duration::hours(25);
    assert_eq!(node.delivery_failed(&invitation.id(), tomorrow).unwrap(), Retry::Dropped);
    assert_eq!(node.deliveries_owed().unwrap(), 0);
}
