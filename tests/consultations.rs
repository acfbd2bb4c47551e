//! Consultations against a real node over real HTTP: a draft circulated in two rounds
//! (partners, then the public), comments from this node's users and hand-signed comments from
//! two other organisations (one signed after its round closed), read back as threaded JSON, as
//! CSV parsed with the `csv` crate, on the document page (signed in and anonymous), on the
//! printable page; the comment form's success and its refusals next to the field; a retracted
//! comment's reply standing alone; and `plenary comment` run as a user runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::process::run_env;
use common::{ForeignLog, TestNode, document};
use plenary::model::record::body_hash;
use plenary::model::{Header, Kind, Record, RecordId, Visibility};
use plenary::node::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

/// The CSV's columns, in order.
const COLUMNS: [&str; 11] = [
    "round",
    "comment",
    "in_reply_to",
    "organisation",
    "origin",
    "signed_at",
    "late",
    "verified",
    "section",
    "language",
    "text",
];

/// A text with what CSV must quote: a comma, quotes, a line break, and Arabic.
const TRICKY: &str = "We agree, \"mostly\".\nSee §2 — نوافق";

fn draft(title: &str, comment_until: &str) -> Value {
    let mut body = document(title);
    body["status"] = json!("consultation");
    body["comment_until"] = json!(comment_until);
    body
}

/// Appends a record to `log` signed at `created_at` (hand-signed: any time the origin claims).
fn signed_at(
    log: &mut ForeignLog,
    kind: Kind,
    visibility: Visibility,
    body: Value,
    at: &str,
) -> Record {
    let prev = log.records.last();
    let header = Header {
        plenary: 1,
        origin: log.key.node_id(),
        key: log.key.key_id(),
        seq: prev.map_or(1, |r| r.header.seq + 1),
        prev: prev.map(Record::id),
        kind,
        created_at: at.to_owned(),
        visibility,
        body_hash: body_hash(&body),
    };
    let record = log.sign(header, Some(body));
    log.records.push(record.clone());
    record
}

/// Publishes a comment through the API.
async fn comment(node: &TestNode, token: &str, body: Value) -> RecordId {
    let response = node
        .post_json("/api/v1/records", Some(token), &json!({"kind": "comment", "body": body}))
        .await;
    let status = response.status();
    let answer: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{answer}");
    answer["id"].as_str().unwrap().parse().unwrap()
}

/// The consultation the federation built in [`setup`].
struct Consultation {
    node: TestNode,
    member: String,
    session: String,
    v1: RecordId,
    v2: RecordId,
    early: RecordId,
    late: RecordId,
    local: RecordId,
    local_reply: RecordId,
    foreign_reply: RecordId,
}

/// Round 1 (partners, closed 2020-01-31): ORG3 comments in time, then replies to itself after
/// the close (late). Round 2 (public, open): this node's member comments, replies, and ORG4
/// replies too.
async fn setup() -> Consultation {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    node.node.add_user("omar", Role::Member, "a long test password").await.unwrap();
    let session = node.login("omar", "a long test password").await;
    let v1 = node
        .publish(&node.admin, "document", json!("partners"), draft("Draft study", "2020-01-31"))
        .await;
    let mut org3 = ForeignLog::new(3);
    node.node.ingest(org3.records[0].clone()).await.unwrap();
    let partners = Visibility::PARTNERS;
    let early = signed_at(
        &mut org3,
        Kind::Comment,
        partners.clone(),
        json!({"about": v1.to_string(), "text": "Early and in time", "section": "Section 2", "language": "en"}),
        "2020-01-10T09:00:00Z",
    );
    node.node.ingest(early.clone()).await.unwrap();
    let late = signed_at(
        &mut org3,
        Kind::Comment,
        partners.clone(),
        json!({"about": v1.to_string(), "text": "Signed after the close", "in_reply_to": early.id().to_string()}),
        "2020-02-03T10:00:00Z",
    );
    node.node.ingest(late.clone()).await.unwrap();

    let mut v2_body = draft("Draft study, public round", "2099-01-31");
    v2_body["supersedes"] = json!(v1.to_string());
    let v2 = node.publish(&node.admin, "document", json!("public"), v2_body).await;
    let local = comment(
        &node,
        &member,
        json!({"about": v2.to_string(), "text": TRICKY, "section": "Annex", "language": "fr"}),
    )
    .await;
    let local_reply = comment(
        &node,
        &member,
        json!({"about": v2.to_string(), "text": "Answering myself", "in_reply_to": local.to_string()}),
    )
    .await;
    let mut org4 = ForeignLog::new(4);
    node.node.ingest(org4.records[0].clone()).await.unwrap();
    let foreign_reply = org4.append(
        Kind::Comment,
        Visibility::PUBLIC,
        json!({"about": v2.to_string(), "text": "ORG4 agrees", "in_reply_to": local.to_string()}),
    );
    node.node.ingest(foreign_reply.clone()).await.unwrap();
    Consultation {
        node,
        member,
        session,
        v1,
        v2,
        early: early.id(),
        late: late.id(),
        local,
        local_reply,
        foreign_reply: foreign_reply.id(),
    }
}

fn ids(comments: &Value) -> Vec<String> {
    comments.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_api_threads_comments_by_round_and_marks_late_ones() {
    let c = setup().await;
    let (status, answer) =
        c.node.get(&format!("/api/v1/records/{}/comments", c.v2), Some(&c.member)).await;
    assert_eq!(status, 200, "{answer}");
    let rounds = answer["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2, "{answer}");

    let first = &rounds[0];
    assert_eq!(first["id"], json!(c.v1.to_string()));
    assert_eq!(first["audience"], json!("partners"));
    assert_eq!(first["comment_until"], json!("2020-01-31"));
    assert_eq!(first["closes_at"], json!("2020-02-01T00:00:00Z"));
    assert_eq!((first["open"].as_bool(), first["current"].as_bool()), (Some(false), Some(false)));
    assert_eq!(ids(&first["comments"]), [c.early.to_string()]);
    let early = &first["comments"][0];
    assert_eq!(early["organisation"]["acronym"], json!("ORG3"));
    assert_eq!(early["section"], json!("Section 2"));
    assert_eq!(early["language"], json!("en"));
    assert_eq!((early["late"].as_bool(), early["verified"].as_bool()), (Some(false), Some(true)));
    assert_eq!(ids(&early["replies"]), [c.late.to_string()]);
    let late = &early["replies"][0];
    assert_eq!(late["late"], json!(true), "signed after the close, kept and marked: {late}");
    assert_eq!(late["in_reply_to"], json!(c.early.to_string()));
    assert_eq!(late["text"], json!("Signed after the close"));

    let second = &rounds[1];
    assert_eq!(second["id"], json!(c.v2.to_string()));
    assert_eq!(second["audience"], json!("public"));
    assert_eq!((second["open"].as_bool(), second["current"].as_bool()), (Some(true), Some(true)));
    assert_eq!(ids(&second["comments"]), [c.local.to_string()], "replies are nested, not listed");
    let local = &second["comments"][0];
    assert_eq!(local["text"], json!(TRICKY));
    assert_eq!(local["origin"], json!(c.node.node.id().to_string()));
    assert_eq!(local["late"], json!(false));
    assert_eq!(
        ids(&local["replies"]),
        [c.local_reply.to_string(), c.foreign_reply.to_string()],
        "replies in signed order"
    );
    assert_eq!(local["replies"][1]["organisation"]["acronym"], json!("ORG4"));

    let (status, same) =
        c.node.get(&format!("/api/v1/records/{}/comments", c.v1), Some(&c.member)).await;
    assert_eq!((status, &same), (200, &answer), "every version gives its lineage's rounds");
}

#[tokio::test]
async fn visibility_applies_and_unknown_records_are_not_found() {
    let c = setup().await;
    let (status, answer) = c.node.get(&format!("/api/v1/records/{}/comments", c.v2), None).await;
    assert_eq!(status, 200, "{answer}");
    let rounds = answer["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 1, "the partners round is not shown to the public: {answer}");
    assert_eq!(rounds[0]["id"], json!(c.v2.to_string()));
    let (status, hidden) = c.node.get(&format!("/api/v1/records/{}/comments", c.v1), None).await;
    assert_eq!((status, hidden["code"].as_str()), (404, Some("record_not_found")), "{hidden}");
    let (status, _) = c.node.get(&format!("/api/v1/records/{}/comments.csv", c.v1), None).await;
    assert_eq!(status, 404);
    let unknown = RecordId([7; 32]);
    let (status, missing) =
        c.node.get(&format!("/api/v1/records/{unknown}/comments"), Some(&c.member)).await;
    assert_eq!((status, missing["code"].as_str()), (404, Some("record_not_found")));
    let (status, bad) = c.node.get("/api/v1/records/nonsense/comments", Some(&c.member)).await;
    assert_eq!((status, bad["field"].as_str()), (400, Some("id")), "{bad}");
}

#[tokio::test]
async fn the_csv_export_parses_back_row_for_row() {
    let c = setup().await;
    let response = c
        .node
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/records/{}/comments.csv", c.v2),
            Some(&c.member),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let bytes = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let comments: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        comments,
        [
            c.early.to_string(),
            c.late.to_string(),
            c.local.to_string(),
            c.local_reply.to_string(),
            c.foreign_reply.to_string()
        ],
        "every round's comments, each followed by its replies"
    );
    let late = &rows[1];
    assert_eq!(&late[0], c.v1.to_string());
    assert_eq!(&late[2], c.early.to_string());
    assert_eq!(&late[3], "ORG3");
    assert_eq!(&late[5], "2020-02-03T10:00:00Z");
    assert_eq!((&late[6], &late[7]), ("true", "true"));
    let local = &rows[2];
    assert_eq!(&local[0], c.v2.to_string());
    assert_eq!(&local[4], c.node.node.id().to_string());
    assert_eq!((&local[6], &local[8], &local[9]), ("false", "Annex", "fr"));
    assert_eq!(&local[10], TRICKY, "quotes, commas and line breaks survive");

    let anonymous = c.node.request(
        reqwest::Method::GET,
        &format!("/api/v1/records/{}/comments.csv", c.v2),
        None,
    );
    let text = anonymous.send().await.unwrap().text().await.unwrap();
    let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
    assert_eq!(rows, 3, "the public sees the public round only");
}

/// A browser: the node's address and, when signed in, the session cookie.
struct Web {
    url: String,
    client: reqwest::Client,
    cookie: Option<String>,
}

struct Page {
    status: StatusCode,
    location: String,
    html: String,
}

impl Web {
    fn new(node: &TestNode, session: Option<&str>) -> Web {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Web {
            url: node.url.clone(),
            client,
            cookie: session.map(|s| format!("plenary_session={s}")),
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{path}", self.url))
            .header(reqwest::header::ACCEPT_LANGUAGE, "en");
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

    async fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Page {
        Web::page(self.request(reqwest::Method::POST, path).form(pairs)).await
    }
}

/// The value of the first tag holding `marker`.
fn value_of(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let value = tag.split("value=\"").nth(1)?;
    Some(value[..value.find('"')?].to_owned())
}

/// The text of the element with `id` (up to its first closing tag).
fn element(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let open_end = at + html[at..].find('>')? + 1;
    let close = open_end + html[open_end..].find("</")?;
    Some(html[open_end..close].to_owned())
}

/// How many comments on the lineage of `id` the member sees through the API.
async fn comment_count(c: &Consultation, id: &RecordId) -> usize {
    let path = format!("/api/v1/records/{id}/comments.csv");
    let response = c.node.request(reqwest::Method::GET, &path, Some(&c.member)).send().await;
    let csv = response.unwrap().text().await.unwrap();
    csv::Reader::from_reader(csv.as_bytes()).records().count()
}

#[tokio::test]
async fn the_document_page_shows_rounds_and_threads_as_the_reader_may_see_them() {
    let c = setup().await;
    let signed_in = Web::new(&c.node, Some(&c.session));
    let page = signed_in.get(&format!("/documents/{}", c.v2)).await;
    assert_eq!(page.status, 200);
    let html = &page.html;
    assert!(html.contains("id=\"comments\""), "the Comments section");
    for text in ["Round 1", "Round 2", "Open for comments", "Closed", "Late", "Signature verified"]
    {
        assert!(html.contains(text), "the page says {text:?}");
    }
    for text in ["Early and in time", "Signed after the close", "Answering myself", "ORG4 agrees"] {
        assert!(html.contains(text), "the page shows {text:?}");
    }
    assert!(
        html.contains("We agree, &quot;mostly&quot;.")
            || html.contains("We agree, &#34;mostly&#34;.")
    );
    let org3 = ForeignLog::new(3).key.node_id();
    assert!(
        html.contains(&format!("href=\"/organisations/{org3}\"")),
        "the acronym links to the organisation"
    );
    assert!(
        html.contains(&format!("href=\"/records/{}/signed\"", c.late)),
        "the signature mark links to the record"
    );
    assert!(
        html.contains(&format!("/documents/{}/comment?reply_to={}", c.v2, c.local)),
        "a Reply link"
    );
    assert!(
        !html.contains(&format!("reply_to={}", c.early)),
        "no Reply on a closed round's comments"
    );
    let thread_start = html.find(&format!("id=\"comment-{}\"", c.local)).unwrap();
    let reply_at = html.find(&format!("id=\"comment-{}\"", c.foreign_reply)).unwrap();
    let nested = &html[thread_start..reply_at];
    assert!(nested.contains("<ul class=\"replies\">"), "replies sit in a list inside their parent");
    assert!(html.contains(&format!("action=\"/documents/{}/comments\"", c.v2)), "the comment form");
    assert!(html.contains(&format!("/documents/{}/comments.csv", c.v2)));
    assert!(html.contains(&format!("/documents/{}/comments/print", c.v2)));

    let anonymous = Web::new(&c.node, None).get(&format!("/documents/{}", c.v2)).await;
    assert_eq!(anonymous.status, 200);
    assert!(anonymous.html.contains("ORG4 agrees"), "public comments are public");
    for hidden in ["Early and in time", "Signed after the close", "Round 2"] {
        assert!(!anonymous.html.contains(hidden), "the public does not see {hidden:?}");
    }
    assert!(!anonymous.html.contains("action=\"/documents/"), "no form signed out");
    assert!(anonymous.html.contains("Sign in to comment"));
    let hidden = Web::new(&c.node, None).get(&format!("/documents/{}", c.v1)).await;
    assert_eq!(hidden.status, 404);
}

#[tokio::test]
async fn a_long_consultation_is_paged_by_thread_and_a_new_comment_lands_on_its_page() {
    let node = TestNode::start().await;
    let member = node.user_token("amina", Role::Member).await;
    node.node.add_user("omar", Role::Member, "a long test password").await.unwrap();
    let session = node.login("omar", "a long test password").await;
    let draft = node
        .publish(&node.admin, "document", json!("public"), draft("Long draft", "2099-12-31"))
        .await;
    let mut roots = Vec::new();
    for n in 1..=52 {
        let text = format!("Thread number {n:02}");
        roots
            .push(comment(&node, &member, json!({"about": draft.to_string(), "text": text})).await);
    }
    let about = draft.to_string();
    let first = roots[0].to_string();
    comment(&node, &member, json!({"about": about, "text": "Reply to one", "in_reply_to": first}))
        .await;

    let web = Web::new(&node, Some(&session));
    let one = web.get(&format!("/documents/{draft}")).await;
    assert_eq!(one.status, 200);
    assert!(one.html.contains("Threads 1–50 of 52"), "says which threads are shown");
    assert!(one.html.contains("53 comments"), "the count covers every page");
    assert!(one.html.contains("Thread number 50") && !one.html.contains("Thread number 51"));
    assert!(one.html.contains("Reply to one"), "a thread keeps its replies");
    assert!(one.html.contains(&format!("href=\"/documents/{draft}?comments=2#comments\"")));
    let two = web.get(&format!("/documents/{draft}?comments=2")).await;
    assert!(two.html.contains("Thread number 51") && two.html.contains("Thread number 52"));
    assert!(!two.html.contains("Thread number 01") && !two.html.contains("Reply to one"));
    assert!(two.html.contains("Page 2 of 2") && two.html.contains("rel=\"prev\""));
    let past = web.get(&format!("/documents/{draft}?comments=99")).await;
    assert_eq!(past.status, 200);
    assert!(past.html.contains("Page 2 of 2"), "past the end: the last page");
    let bad = web.get(&format!("/documents/{draft}?comments=many")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.html.contains("comments"), "the refusal names the parameter: {}", bad.html);

    let csrf = value_of(&one.html, "name=\"csrf\"").unwrap();
    let path = format!("/documents/{draft}/comments");
    let sent = web.post(&path, &[("csrf", &csrf), ("text", "Thread number 53")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    assert!(sent.location.starts_with(&format!("/documents/{draft}?comments=2#comment-")));
    let replied =
        web.post(&path, &[("csrf", &csrf), ("text", "Late reply"), ("in_reply_to", &first)]).await;
    assert!(replied.location.starts_with(&format!("/documents/{draft}?comments=1#comment-")));
}

#[tokio::test]
async fn the_comment_form_publishes_replies_and_refuses_next_to_the_field() {
    let c = setup().await;
    let web = Web::new(&c.node, Some(&c.session));
    let page = web.get(&format!("/documents/{}", c.v2)).await;
    let csrf = value_of(&page.html, "name=\"csrf\"").unwrap();
    let before = comment_count(&c, &c.v2).await;

    let path = format!("/documents/{}/comments", c.v2);
    let sent = web
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("text", "Through the form"),
                ("section", "§ 4.1"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let to_page = format!("/documents/{}?comments=1#comment-", c.v2);
    assert!(sent.location.starts_with(&to_page), "back to the comment: {}", sent.location);
    assert_eq!(comment_count(&c, &c.v2).await, before + 1);
    let made = sent.location.rsplit('-').next().unwrap();
    let shown = web.get(sent.location.split('#').next().unwrap()).await;
    assert!(shown.html.contains(&format!("id=\"comment-{made}\"")), "the new comment is there");

    let reply_page =
        web.get(&format!("/documents/{}/comment?reply_to={}", c.v2, c.foreign_reply)).await;
    assert_eq!(reply_page.status, 200);
    assert!(reply_page.html.contains("ORG4 agrees"), "the parent is quoted");
    assert_eq!(
        value_of(&reply_page.html, "name=\"in_reply_to\""),
        Some(c.foreign_reply.to_string())
    );
    let replied = web
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("text", "A reply by form"),
                ("in_reply_to", &c.foreign_reply.to_string()),
            ],
        )
        .await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.html);
    let (_, answer) = c.node.get(&format!("/api/v1/records/{}/comments", c.v2), None).await;
    let org4 = &answer["rounds"][0]["comments"][0]["replies"][1];
    assert_eq!(org4["replies"][0]["text"], json!("A reply by form"), "{answer}");
    let count = comment_count(&c, &c.v2).await;

    let old_round = format!("/documents/{}/comments", c.v1);
    let refused = web.post(&old_round, &[("csrf", &csrf), ("text", "On the old round")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = element(&refused.html, "text-error").expect("the refusal sits at the text field");
    assert!(error.contains("A newer version of this draft exists"), "{error}");
    assert!(refused.html.contains("On the old round"), "what was typed is kept");

    let closed = c
        .node
        .publish(&c.node.admin, "document", json!("partners"), draft("Closed draft", "2021-06-30"))
        .await;
    let page = web
        .post(&format!("/documents/{closed}/comments"), &[("csrf", &csrf), ("text", "Too late")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = element(&page.html, "text-error").unwrap();
    assert!(error.contains("comment period of this draft has closed"), "{error}");

    let wrong_reply = web
        .post(&path, &[("csrf", &csrf), ("text", "Crossed"), ("in_reply_to", &c.early.to_string())])
        .await;
    assert_eq!(wrong_reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = element(&wrong_reply.html, "in_reply_to-error").unwrap();
    assert!(error.contains("same version"), "{error}");

    let blank = web.post(&path, &[("csrf", &csrf), ("text", "  ")]).await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert!(element(&blank.html, "text-error").unwrap().contains("required"));
    let language =
        web.post(&path, &[("csrf", &csrf), ("text", "x"), ("language", "klingon")]).await;
    assert_eq!(language.status, StatusCode::BAD_REQUEST);
    assert!(element(&language.html, "language-error").is_some());
    let forged = web.post(&path, &[("csrf", "not-the-token"), ("text", "Forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let foreign_site = Web::page(
        web.request(reqwest::Method::POST, &path)
            .header(reqwest::header::ORIGIN, "http://evil.example")
            .form(&[("csrf", csrf.as_str()), ("text", "Cross-site")]),
    )
    .await;
    assert_eq!(foreign_site.status, StatusCode::FORBIDDEN);
    assert_eq!(comment_count(&c, &c.v2).await, count, "nothing refused was stored");

    let anonymous = Web::new(&c.node, None).post(&path, &[("text", "Who am I")]).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "signed out: sent to sign in");
    assert!(anonymous.location.starts_with("/login"), "{}", anonymous.location);
}

#[tokio::test]
async fn a_retracted_comment_disappears_and_its_replies_stand_alone() {
    let c = setup().await;
    c.node
        .publish(
            &c.node.admin,
            "retraction",
            json!("public"),
            json!({"about": c.local.to_string(), "reason": "posted in error"}),
        )
        .await;
    let (_, answer) = c.node.get(&format!("/api/v1/records/{}/comments", c.v2), None).await;
    let top = ids(&answer["rounds"][0]["comments"]);
    assert_eq!(top, [c.local_reply.to_string(), c.foreign_reply.to_string()], "{answer}");
}

#[tokio::test]
async fn the_printable_page_holds_every_round() {
    let c = setup().await;
    let page = Web::new(&c.node, Some(&c.session))
        .get(&format!("/documents/{}/comments/print", c.v2))
        .await;
    assert_eq!(page.status, 200);
    let html = &page.html;
    assert!(html.contains("<table class=\"comments-table\">"));
    assert!(html.contains("scope=\"col\"") && html.contains("scope=\"row\""));
    for text in
        ["Round 1", "Round 2", "Early and in time", "Signed after the close", "ORG4 agrees", "Late"]
    {
        assert!(html.contains(text), "the print page has {text:?}");
    }
    assert!(html.contains("In reply to No. 1"), "replies name their parent's number");
    let anonymous =
        Web::new(&c.node, None).get(&format!("/documents/{}/comments/print", c.v2)).await;
    assert_eq!(anonymous.status, 200);
    assert!(!anonymous.html.contains("Early and in time"));
    let csv =
        Web::new(&c.node, Some(&c.session)).get(&format!("/documents/{}/comments.csv", c.v2)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv::Reader::from_reader(csv.html.as_bytes()).records().count(), 5);
}

#[tokio::test]
async fn plenary_comment_publishes_through_the_api_and_explains_refusals() {
    let c = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let env = [("PLENARY_NODE", c.node.url.as_str()), ("PLENARY_TOKEN", c.member.as_str())];
    let v2 = c.v2.to_string();
    let out = run_env(
        dir.path(),
        &[
            "comment",
            &v2,
            "--text",
            "From the command line",
            "--section",
            "Annex B",
            "--lang",
            "en",
        ],
        &env,
    )
    .await;
    let id = out.ok("plenary comment").trim().to_owned();
    assert_eq!(id.len(), 64, "prints the new comment's id: {id:?}");
    let local = c.local.to_string();
    let reply = run_env(
        dir.path(),
        &["comment", &v2, "--text", "Replying from the CLI", "--reply-to", &local],
        &env,
    )
    .await;
    let reply_id = reply.ok("plenary comment --reply-to").trim().to_owned();
    let (_, view) = c.node.get(&format!("/api/v1/records/{id}"), Some(&c.member)).await;
    assert_eq!(view["record"]["body"]["section"], json!("Annex B"));
    assert_eq!(view["record"]["header"]["visibility"], json!("public"), "the draft's audience");
    let (_, reply_view) = c.node.get(&format!("/api/v1/records/{reply_id}"), None).await;
    assert_eq!(reply_view["record"]["body"]["in_reply_to"], json!(local));

    let v1 = c.v1.to_string();
    let refused = run_env(dir.path(), &["comment", &v1, "--text", "Old round"], &env).await;
    let stderr = refused.fails("a comment on a superseded version");
    assert!(stderr.contains("comment on the current version"), "{stderr}");
    assert!(stderr.contains("target_superseded"), "{stderr}");
    let no_token = run_env(
        dir.path(),
        &["comment", &v2, "--text", "Anonymous"],
        &[("PLENARY_NODE", c.node.url.as_str())],
    )
    .await;
    assert!(no_token.fails("without a token").contains("token"));
    let bad_id = run_env(dir.path(), &["comment", "not-an-id", "--text", "x"], &env).await;
    bad_id.fails("a malformed record id");
}
