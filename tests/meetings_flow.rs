//! Meetings and working groups end to end, over real HTTP against real nodes: an organisation
//! answers an invitation through the meeting page's form (and revises it; bad input and the
//! writer's refusals come back next to the field, in the reader's language, storing nothing),
//! the attendance lists invited organisations without an answer, reminders of the next
//! fortnight's meetings reach the Atom feed, the calendar's SEQUENCE and STATUS follow new
//! versions, a working group's milestones and members change through its form, the `rsvp` and
//! `group` commands script the same, and material restricted to a group crosses three
//! `plenary serve` processes to its members only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::process::{create_token, eventually, init, released_address, run, serve};
use common::{ForeignLog, TestNode};
use plenary::config::{Config, PeerConfig};
use plenary::crypto::NodeKey;
use plenary::model::record::format_utc_timestamp;
use plenary::model::{Kind, NodeId, RecordId, Visibility};
use plenary::node::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

/// A page as a browser receives it (redirects not followed).
struct Page {
    status: StatusCode,
    location: String,
    html: String,
}

/// A browser signed in to a node (or not), speaking `language`.
struct Web {
    url: String,
    client: reqwest::Client,
    cookie: Option<String>,
    language: &'static str,
}

impl Web {
    fn anonymous(url: &str) -> Web {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Web { url: url.to_owned(), client, cookie: None, language: "en" }
    }

    /// Signed in as a new user with `role`.
    async fn as_role(node: &TestNode, username: &str, role: Role) -> Web {
        node.node.add_user(username, role, "a long test password").await.unwrap();
        let session = node.login(username, "a long test password").await;
        Web { cookie: Some(format!("plenary_session={session}")), ..Web::anonymous(&node.url) }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{path}", self.url))
            .header(reqwest::header::ACCEPT_LANGUAGE, self.language);
        match &self.cookie {
            Some(cookie) => builder.header(COOKIE, cookie),
            None => builder,
        }
    }

    async fn page(builder: reqwest::RequestBuilder) -> Page {
        let response = builder.send().await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        Page { status, location, html: response.text().await.unwrap() }
    }

    async fn get(&self, path: &str) -> Page {
        Web::page(self.request(reqwest::Method::GET, path)).await
    }

    async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Page {
        Web::page(self.request(reqwest::Method::POST, path).form(pairs)).await
    }

    /// The form token of the page at `path`.
    async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.html);
        value_of(&page.html, "name=\"csrf\"").expect("the page carries a form token")
    }
}

/// The `value` of the tag holding `marker`.
fn value_of(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let value = tag.split("value=\"").nth(1)?;
    Some(value[..value.find('"')?].to_owned())
}

/// The section headed by the element with `id`, up to its end.
fn section(html: &str, id: &str) -> String {
    let Some(at) = html.find(&format!("id=\"{id}\"")) else { return String::new() };
    let end = html[at..].find("</section>").map_or(html.len(), |e| at + e);
    html[at..end].to_owned()
}

/// An RFC 3339 time `days` from now.
fn in_days(days: i64) -> String {
    format_utc_timestamp(time::OffsetDateTime::now_utc() + time::Duration::days(days))
}

fn meeting(title: &str, starts_at: &str, invited: &[NodeId]) -> Value {
    let invited: Vec<String> = invited.iter().map(NodeId::to_string).collect();
    json!({"title": title, "meeting_type": "plenary", "starts_at": starts_at, "invited": invited})
}

/// The RSVPs of this node's own log.
async fn own_rsvps(node: &TestNode) -> usize {
    let (status, page) = node
        .get(&format!("/api/v1/records?origin={}&limit=500", node.node.id()), Some(&node.admin))
        .await;
    assert_eq!(status, 200, "{page}");
    page["records"].as_array().unwrap().iter().filter(|r| r["header"]["kind"] == "rsvp").count()
}

/// A foreign organisation this node holds (its node record ingested).
async fn known_org(node: &TestNode, seed: u8) -> ForeignLog {
    let log = ForeignLog::new(seed);
    node.node.ingest(log.records[0].clone()).await.unwrap();
    log
}

#[tokio::test]
async fn an_organisation_answers_through_the_meeting_page_and_revises_its_answer() {
    let node = TestNode::start().await;
    let web = Web::as_role(&node, "amina", Role::Member).await;
    let guest = known_org(&node, 3).await;
    let body = meeting("Annual plenary", &in_days(20), &[guest.key.node_id()]);
    let first = node.publish(&node.admin, "meeting", json!("partners"), body.clone()).await;
    let path = format!("/meetings/{first}");

    let page = web.get(&path).await;
    assert_eq!(page.status, 200);
    let attendance = section(&page.html, "attendance-heading");
    assert!(attendance.contains("ORG3") && attendance.contains("No answer yet"), "{attendance}");
    assert!(page.html.contains(&format!("action=\"/meetings/{first}/rsvp\"")), "form offered");
    assert!(
        !Web::anonymous(&node.url).get(&path).await.html.contains("/rsvp\""),
        "no form for a reader who is not signed in"
    );

    let csrf = web.csrf(&path).await;
    let meeting_id = first.to_string();
    let send = |response: &'static str, attendees: &'static str| {
        let (csrf, meeting_id) = (csrf.clone(), meeting_id.clone());
        let web = &web;
        let rsvp = format!("/meetings/{first}/rsvp");
        async move {
            let pairs = [
                ("csrf", csrf.as_str()),
                ("meeting", meeting_id.as_str()),
                ("response", response),
                ("attendees", attendees),
            ];
            web.post_form(&rsvp, &pairs).await
        }
    };
    let sent = send("accept", "Amina Diallo\n\nJean Dupont\n").await;
    assert_eq!(sent.status, 303, "{}", sent.html);
    assert_eq!(sent.location, format!("/meetings/{first}#rsvp-heading"));
    let page = web.get(&path).await;
    let attendance = section(&page.html, "attendance-heading");
    assert!(attendance.contains("Will attend") && attendance.contains("Jean Dupont"));
    assert!(attendance.contains("(not on the invitation list)"), "the organiser answered too");
    assert!(page.html.contains("value=\"accept\" checked"), "the form holds the answer");
    assert!(page.html.contains("Amina Diallo\nJean Dupont</textarea>"));

    // A new version of the meeting keeps the answers given to the old one.
    let mut moved = body.clone();
    moved["supersedes"] = json!(first.to_string());
    moved["title"] = json!("Annual plenary (new room)");
    let second = node.publish(&node.admin, "meeting", json!("partners"), moved).await;
    let page = web.get(&format!("/meetings/{second}")).await;
    assert!(section(&page.html, "attendance-heading").contains("Jean Dupont"));
    assert_eq!(value_of(&page.html, "name=\"meeting\"").unwrap(), second.to_string());

    // Revising replaces: the newest answer is the one shown.
    let rsvp = format!("/meetings/{second}/rsvp");
    let second_id = second.to_string();
    let pairs = [
        ("csrf", csrf.as_str()),
        ("meeting", second_id.as_str()),
        ("response", "decline"),
        ("attendees", ""),
    ];
    assert_eq!(web.post_form(&rsvp, &pairs).await.status, 303);
    let attendance =
        section(&web.get(&format!("/meetings/{second}")).await.html, "attendance-heading");
    assert!(attendance.contains("Will not attend"), "{attendance}");
    assert!(!attendance.contains("Jean Dupont") && !attendance.contains("Will attend<"));
    assert_eq!(own_rsvps(&node).await, 2);

    // Answering the replaced version is refused at the form's top, nothing stored.
    let refused = send("tentative", "").await;
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("id=\"meeting-error\""), "{}", refused.html);
    assert!(refused.html.contains("has been updated since the page was opened"));
    assert_eq!(own_rsvps(&node).await, 2);
}

#[tokio::test]
async fn bad_answers_and_refused_answers_come_back_next_to_their_field() {
    let node = TestNode::start().await;
    let mut web = Web::as_role(&node, "amina", Role::Member).await;
    let ahead = node
        .publish(&node.admin, "meeting", json!("partners"), meeting("Ahead", &in_days(5), &[]))
        .await;
    let csrf = web.csrf(&format!("/meetings/{ahead}")).await;
    let post = |web: &Web, meeting: RecordId, pairs: Vec<(&'static str, String)>| {
        let mut all = vec![("csrf", csrf.clone()), ("meeting", meeting.to_string())];
        all.extend(pairs);
        let path = format!("/meetings/{meeting}/rsvp");
        let request = web.request(reqwest::Method::POST, &path).form(&all);
        Web::page(request)
    };

    let bad =
        post(&web, ahead, vec![("response", "maybe".into()), ("attendees", "x".repeat(300))]).await;
    assert_eq!(bad.status, 400);
    assert!(bad.html.contains("id=\"response-error\""));
    assert!(bad.html.contains("id=\"attendees-error\""));
    assert!(bad.html.contains("aria-invalid=\"true\""));
    assert!(bad.html.contains(&"x".repeat(300)), "what was typed is kept");
    let stale = web
        .post_form(
            &format!("/meetings/{ahead}/rsvp"),
            &[("csrf", "forged"), ("response", "accept")],
        )
        .await;
    assert_eq!(stale.status, 403, "a form without the reader's token is refused");

    let over = node
        .publish(
            &node.admin,
            "meeting",
            json!("partners"),
            meeting("Over", "2020-06-01T09:00:00Z", &[]),
        )
        .await;
    let page = post(&web, over, vec![("response", "accept".into())]).await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("This meeting is over"), "{}", page.html);
    assert!(!web.get(&format!("/meetings/{over}")).await.html.contains("/rsvp\""), "no form");

    let mut cancelled = meeting("Cancelled", &in_days(9), &[]);
    cancelled["status"] = json!("cancelled");
    let cancelled = node.publish(&node.admin, "meeting", json!("partners"), cancelled).await;
    web.language = "fr";
    let page = post(&web, cancelled, vec![("response", "accept".into())]).await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("Cette réunion a été annulée."), "{}", page.html);

    // Another organisation's meeting that does not invite this one.
    let mut host = known_org(&node, 3).await;
    let other = known_org(&node, 4).await;
    let foreign = host.append(
        Kind::Meeting,
        Visibility::PARTNERS,
        meeting("Bilateral", &in_days(6), &[other.key.node_id()]),
    );
    node.node.ingest(foreign.clone()).await.unwrap();
    let page = web.get(&format!("/meetings/{}", foreign.id())).await;
    assert!(section(&page.html, "attendance-heading").contains("ORG4"));
    assert!(!page.html.contains("/rsvp\""), "an organisation not invited gets no form");
    web.language = "en";
    let page = post(&web, foreign.id(), vec![("response", "accept".into())]).await;
    assert_eq!(page.status, 422);
    assert!(page.html.contains("Your organisation is not invited to this meeting."));
    assert_eq!(own_rsvps(&node).await, 0, "nothing was stored");
}

#[tokio::test]
async fn reminders_of_the_next_fortnight_reach_the_feed_as_the_reader_may_see_them() {
    let node = TestNode::start().await;
    let token = node.user_token("amina", Role::Member).await;
    let publish = |title: &str, days: i64, visibility: Value| {
        node.publish(&node.admin, "meeting", visibility, meeting(title, &in_days(days), &[]))
    };
    publish("Public webinar", 3, json!("public")).await;
    publish("Partners plenary", 10, json!("partners")).await;
    publish("Far away summit", 40, json!("public")).await;
    publish("Past workshop", -3, json!("public")).await;

    let titles = |text: String| -> Vec<String> {
        let feed: atom_syndication::Feed = text.parse().unwrap();
        feed.entries().iter().map(|e| e.title().as_str().to_owned()).collect()
    };
    let response = reqwest::get(format!("{}/meetings/feed.atom", node.url)).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().contains("atom"));
    assert_eq!(titles(response.text().await.unwrap()), ["Public webinar"]);
    let response = node.request(reqwest::Method::GET, "/meetings/feed.atom", Some(&token));
    let text = response.send().await.unwrap().text().await.unwrap();
    assert_eq!(titles(text.clone()), ["Public webinar", "Partners plenary"]);
    assert!(text.contains("(UTC)"), "each reminder says when it starts: {text}");
    let page = Web::anonymous(&node.url).get("/meetings").await;
    assert!(page.html.contains("href=\"/meetings/feed.atom\""), "linked from the meetings page");
}

#[tokio::test]
async fn the_calendar_sequence_grows_with_each_version_and_a_cancellation_says_so() {
    let node = TestNode::start().await;
    let body = meeting("Council", &in_days(30), &[]);
    let first = node.publish(&node.admin, "meeting", json!("public"), body.clone()).await;
    let event = |text: String| -> (String, u32, Option<icalendar::EventStatus>) {
        use icalendar::Component;
        let calendar: icalendar::Calendar = text.parse().unwrap();
        let event = calendar.events().next().expect("one event").clone();
        (event.get_uid().unwrap().to_owned(), event.get_sequence().unwrap(), event.get_status())
    };
    let ics = |id: RecordId| {
        let url = format!("{}/meetings/{id}/calendar.ics", node.url);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let (uid, sequence, status) = event(ics(first).await);
    assert_eq!(sequence, 0);
    assert_ne!(status, Some(icalendar::EventStatus::Cancelled));

    let mut moved = body.clone();
    moved["supersedes"] = json!(first.to_string());
    moved["starts_at"] = json!(in_days(31));
    let second = node.publish(&node.admin, "meeting", json!("public"), moved.clone()).await;
    let (same_uid, sequence, _) = event(ics(first).await);
    assert_eq!((same_uid.as_str(), sequence), (uid.as_str(), 1), "the old address serves v2");

    let mut cancelled = moved;
    cancelled["supersedes"] = json!(second.to_string());
    cancelled["status"] = json!("cancelled");
    let third = node.publish(&node.admin, "meeting", json!("public"), cancelled).await;
    let (same_uid, sequence, status) = event(ics(third).await);
    assert_eq!((same_uid.as_str(), sequence), (uid.as_str(), 2));
    assert_eq!(status, Some(icalendar::EventStatus::Cancelled));
}

#[tokio::test]
async fn a_groups_milestones_and_members_change_through_its_form() {
    let node = TestNode::start().await;
    let web = Web::as_role(&node, "editor", Role::Editor).await;
    let (b, c) = (known_org(&node, 3).await, known_org(&node, 4).await);
    let (b_id, c_id) = (b.key.node_id().to_string(), c.key.node_id().to_string());
    let csrf = web.csrf("/publish/group").await;
    let mut pairs = vec![
        ("csrf", csrf.clone()),
        ("name", "Fisheries data".to_owned()),
        ("slug", "fisheries-data".to_owned()),
        ("status", "active".to_owned()),
        ("progress", "40".to_owned()),
        ("members", b_id.clone()),
        ("members", c_id.clone()),
        ("visibility", "partners".to_owned()),
        ("milestone_rows", "3".to_owned()),
        ("milestone-0-date", "2026-13-01".to_owned()),
        ("milestone-0-text", "Scope agreed".to_owned()),
        ("milestone-0-done", "1".to_owned()),
        ("milestone-2-date", "2027-02-01".to_owned()),
        ("milestone-2-text", "Final report".to_owned()),
    ];
    let before = node.own_log_len();
    let refused = web.post_form("/publish/group", &as_refs(&pairs)).await;
    assert_eq!(refused.status, 400);
    assert!(refused.html.contains("id=\"milestone-0-date-error\""), "{}", refused.html);
    assert!(refused.html.contains("Give the day as YYYY-MM-DD."));
    assert!(refused.html.contains("value=\"Final report\""), "what was typed is kept");
    assert_eq!(node.own_log_len(), before, "nothing was stored");

    pairs[9].1 = "2026-03-01".to_owned();
    let made = web.post_form("/publish/group", &as_refs(&pairs)).await;
    assert_eq!(made.status, 303, "{}", made.html);
    let group = made.location.trim_start_matches("/groups/").to_owned();
    let page = web.get(&made.location).await;
    let log = section(&page.html, "milestones-heading");
    let (scope, report) = (log.find("Scope agreed").unwrap(), log.find("Final report").unwrap());
    assert!(scope < report, "the log runs by date: {log}");
    assert!(log.contains("datetime=\"2026-03-01\"") && log.contains("Reached"));
    assert!(page.html.contains("ORG4"), "members listed");

    // A new version, prefilled, drops a member and logs the report as reached.
    let form = web.get(&format!("/publish/group?supersedes={group}")).await;
    assert!(form.html.contains("value=\"Final report\""), "milestones prefilled");
    assert_eq!(value_of(&form.html, "name=\"supersedes\"").unwrap(), group);
    let update = vec![
        ("csrf", csrf.clone()),
        ("supersedes", group.clone()),
        ("name", "Fisheries data".to_owned()),
        ("slug", "fisheries-data".to_owned()),
        ("status", "active".to_owned()),
        ("progress", "100".to_owned()),
        ("members", b_id.clone()),
        ("visibility", "partners".to_owned()),
        ("milestone_rows", "2".to_owned()),
        ("milestone-0-date", "2026-03-01".to_owned()),
        ("milestone-0-text", "Scope agreed".to_owned()),
        ("milestone-0-done", "1".to_owned()),
        ("milestone-1-date", "2027-02-01".to_owned()),
        ("milestone-1-text", "Final report".to_owned()),
        ("milestone-1-done", "1".to_owned()),
    ];
    let updated = web.post_form("/publish/group", &as_refs(&update)).await;
    assert_eq!(updated.status, 303, "{}", updated.html);
    let (_, view) = node
        .get(&updated.location.replace("/groups/", "/api/v1/records/"), Some(&node.admin))
        .await;
    assert_eq!(view["record"]["body"]["supersedes"], group);
    assert_eq!(view["record"]["body"]["members"], json!([b_id]));
    let old = web.get(&format!("/groups/{group}")).await;
    assert_eq!(old.status, 303, "the old address leads to the current version");
    let page = web.get(&old.location).await;
    assert!(!section(&page.html, "members-heading").contains("ORG4"), "C is no longer a member");
    let dashboard = web.get("/").await;
    let groups = section(&dashboard.html, "groups-heading");
    assert!(groups.contains("Final report") && groups.contains("value=\"100\""), "{groups}");
}

fn as_refs<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn the_rsvp_and_group_commands_script_the_same_through_the_api() {
    let node = TestNode::start().await;
    let token = node.user_token("operator", Role::Editor).await;
    let dir = tempfile::tempdir().unwrap();
    let b = known_org(&node, 3).await;
    let b_id = b.key.node_id().to_string();
    let cli = |args: Vec<String>| {
        let mut all = args;
        all.extend(["--node".to_owned(), node.url.clone(), "--token".to_owned(), token.clone()]);
        let dir = dir.path().to_owned();
        async move {
            let refs: Vec<&str> = all.iter().map(String::as_str).collect();
            run(&dir, &refs).await
        }
    };
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();

    let meeting_id = node
        .publish(&node.admin, "meeting", json!("partners"), meeting("Scripted", &in_days(4), &[]))
        .await
        .to_string();
    let out =
        cli(args(&["rsvp", &meeting_id, "--response", "tentative", "--attendee", "Ana Lima"]))
            .await;
    let rsvp = out.ok("plenary rsvp").trim().to_owned();
    let (_, view) = node.get(&format!("/api/v1/records/{rsvp}"), Some(&token)).await;
    assert_eq!(view["record"]["body"]["response"], "tentative");
    assert_eq!(view["record"]["body"]["attendees"], json!(["Ana Lima"]));
    cli(args(&["rsvp", &meeting_id, "--response", "perhaps"])).await.fails("a bad response");

    let out = cli(args(&[
        "group",
        "create",
        "--slug",
        "trade-data",
        "--name",
        "Trade data",
        "--theme",
        "Trade",
        "--member",
        &b_id,
    ]))
    .await;
    let group = out.ok("plenary group create").trim().to_owned();
    let out = cli(args(&[
        "group",
        "update",
        &group,
        "--milestone",
        "2026-04-01:Terms of reference adopted",
        "--progress",
        "25",
        "--remove-member",
        &b_id,
    ]))
    .await;
    let second = out.ok("plenary group update").trim().to_owned();
    let (_, view) = node.get(&format!("/api/v1/records/{second}"), Some(&token)).await;
    let body = &view["record"]["body"];
    assert_eq!(body["supersedes"], group);
    assert_eq!(body["members"], json!([]));
    assert_eq!(body["progress"], 25);
    assert_eq!(body["milestones"][0]["text"], "Terms of reference adopted");
    let err = cli(args(&["group", "update", &second, "--remove-member", &b_id])).await;
    assert!(err.fails("removing a non-member").contains("not a member"), "{err:?}");
    let err = cli(args(&["group", "update", &second, "--milestone", "2026-02-30:Nope"])).await;
    assert!(err.fails("a bad milestone").contains("YYYY-MM-DD"), "{err:?}");
    let err = cli(args(&["group", "update", &meeting_id, "--progress", "5"])).await;
    assert!(err.fails("updating a meeting").contains("not a working_group"), "{err:?}");
}

/// One organisation's `plenary serve` process.
struct Org {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    config: PathBuf,
    url: String,
    key: NodeKey,
    token: String,
    session: String,
    _running: Option<common::process::Server>,
}

impl Org {
    async fn new(name: &str, acronym: &str) -> Org {
        let dir = tempfile::tempdir().unwrap();
        let listen = released_address();
        let made = init(dir.path(), name, acronym, &listen).await;
        Org {
            dir: dir.path().to_owned(),
            config: made.config.clone(),
            key: made.key(),
            url: format!("http://{listen}"),
            token: String::new(),
            session: String::new(),
            _running: None,
            _dir: dir,
        }
    }

    fn id(&self) -> NodeId {
        self.key.node_id()
    }

    fn pin(&self, peers: &[&Org]) {
        let mut config = Config::load(&self.config).unwrap();
        config.federation.peers = peers
            .iter()
            .map(|org| PeerConfig { url: org.url.clone(), node_id: Some(org.id()) })
            .collect();
        std::fs::write(&self.config, config.to_toml()).unwrap();
    }

    async fn start(&mut self) {
        let running = serve(&self.config).await;
        let password = running.password.clone().unwrap();
        self.token = create_token(&running.url, &password).await;
        self.session = common::process::session_token(&running.url, "admin", &password).await;
        self._running = Some(running);
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// A portal page as the signed-in admin sees it.
    async fn page(&self, path: &str) -> String {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.url))
            .header(COOKIE, format!("plenary_session={}", self.session))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap()
    }

    async fn publish(&self, kind: &str, visibility: Value, body: Value) -> RecordId {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/records", self.url))
            .bearer_auth(&self.token)
            .json(&json!({"kind": kind, "visibility": visibility, "body": body}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let value: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "{value}");
        value["id"].as_str().unwrap().parse().unwrap()
    }

    async fn upload(&self, bytes: &'static [u8], name: &str) -> Value {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/blobs", self.url))
            .bearer_auth(&self.token)
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let stored: Value = response.json().await.unwrap();
        json!({"sha256": stored["sha256"], "size": bytes.len(), "media_type": "text/plain", "name": name})
    }

    async fn search_total(&self, query: &str) -> u64 {
        let (status, text) = self.get(&format!("/api/v1/search?q={query}")).await;
        assert_eq!(status, 200, "{text}");
        let page: Value = serde_json::from_str(&text).unwrap();
        page["total"].as_u64().unwrap_or_else(|| common::hit_ids(&page).len() as u64)
    }

    fn holds_file(&self, sha256: &str) -> bool {
        self.dir.join("data/files/sha256").join(&sha256[..2]).join(sha256).exists()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn group_material_reaches_members_across_three_processes_and_never_the_outsider() {
    let mut a = Org::new("Alpha Organisation", "ALP").await;
    let mut b = Org::new("Bravo Organisation", "BRV").await;
    let mut c = Org::new("Charlie Organisation", "CHA").await;
    a.pin(&[&b, &c]);
    b.pin(&[&a, &c]);
    c.pin(&[&a, &b]);
    for org in [&mut a, &mut b, &mut c] {
        org.start().await;
    }
    let members = [a.id().to_string(), b.id().to_string()];
    let group = json!({"slug": "quotas", "name": "Quota working group", "members": members});
    let group = a.publish("working_group", json!("partners"), group).await;
    let annex = a.upload(b"Confidential sardine allocation annex", "annex.txt").await;
    let sha = annex["sha256"].as_str().unwrap().to_owned();
    let body = json!({"title": "Sardine allocation draft", "language": "en",
        "working_group": group.to_string(), "comment_until": "2099-01-01", "attachments": [annex]});
    let restricted = a.publish("document", json!({"group": group.to_string()}), body).await;
    let public = json!({"title": "Sardine market overview", "language": "en"});
    let public = a.publish("document", json!("public"), public).await;

    // B, a member, gets the body, the file and the search hit.
    eventually("B holds the restricted document", Duration::from_secs(60), || async {
        b.get(&format!("/api/v1/records/{restricted}")).await.1.contains("Sardine allocation")
    })
    .await;
    eventually("B holds the annex", Duration::from_secs(60), || async { b.holds_file(&sha) }).await;
    eventually("B finds the restricted document", Duration::from_secs(60), || async {
        b.search_total("allocation").await == 1
    })
    .await;
    let (status, view) = b.get(&format!("/api/v1/records/{restricted}")).await;
    assert_eq!(status, 200);
    assert!(view.contains("Sardine allocation draft"));
    assert_eq!(b.get(&format!("/api/v1/blobs/{sha}")).await.0, 200);
    assert!(b.page(&format!("/groups/{group}")).await.contains("Sardine allocation draft"));

    // C, peered with both but no member, learns of the public document and the group…
    eventually("C holds the public document", Duration::from_secs(60), || async {
        c.search_total("overview").await == 1
    })
    .await;
    let (status, view) = c.get(&format!("/api/v1/records/{public}")).await;
    assert!(status == 200 && view.contains("Sardine market overview"), "{view}");
    let group_page = c.page(&format!("/groups/{group}")).await;
    assert!(group_page.contains("Quota working group"));
    // …and at most the restricted record's signed header: no body, no file, no trace.
    let (status, view) = c.get(&format!("/api/v1/records/{restricted}")).await;
    assert!(status == 404 || !view.contains("Sardine allocation"), "{status} {view}");
    assert!(!view.contains("Sardine allocation"));
    assert!(!c.holds_file(&sha));
    assert_eq!(c.get(&format!("/api/v1/blobs/{sha}")).await.0, 404);
    assert_eq!(c.search_total("allocation").await, 0);
    assert_eq!(c.search_total("sardine").await, 1, "the count holds the public one only");
    let restricted_id = restricted.to_string();
    for path in [
        format!("/groups/{group}"),
        "/".to_owned(),
        "/search?q=sardine".to_owned(),
        format!("/organisations/{}", a.id()),
    ] {
        let html = c.page(&path).await;
        assert!(!html.contains("Sardine allocation") && !html.contains(&restricted_id), "{path}");
    }
    for path in ["/feed.atom".to_owned(), format!("/groups/{group}/feed.atom")] {
        let (status, feed) = c.get(&path).await;
        assert_eq!(status, 200);
        assert!(!feed.contains("Sardine allocation") && !feed.contains(&restricted_id), "{path}");
    }
    let (_, feed) = c.get("/feed.atom").await;
    assert!(feed.contains("Sardine market overview"), "the feed itself works on C");
}
