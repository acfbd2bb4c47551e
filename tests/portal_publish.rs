//! The publishing forms against a real node over real HTTP, as a browser sends them (URL-encoded
//! and multipart bodies, the session cookie, the form token read from the page): who may use
//! them, the token, documents with files (downloaded back byte for byte), new versions and
//! language editions, meetings with agendas and local times, working groups, and bad input —
//! each refused with the error next to its field, what was typed kept, and nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{TestNode, document};
use plenary::node::Role;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use serde_json::{Value, json};

/// A page as a browser receives it (redirects not followed).
struct Page {
    status: StatusCode,
    location: String,
    html: String,
}

/// One part of a multipart body.
enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, Vec<u8>),
}

/// A browser: the node's address and, when signed in, the session cookie.
struct Web {
    url: String,
    client: reqwest::Client,
    cookie: Option<String>,
    /// The browser's `Accept-Language`.
    language: &'static str,
}

const BOUNDARY: &str = "----plenary-test-7MA4YWxkTrZu0gW";

impl Web {
    fn anonymous(node: &TestNode) -> Web {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Web { url: node.url.clone(), client, cookie: None, language: "en" }
    }

    /// Signed in as a new user with `role`.
    async fn as_role(node: &TestNode, username: &str, role: Role) -> Web {
        node.node.add_user(username, role, "a long test password").await.unwrap();
        let session = node.login(username, "a long test password").await;
        Web { cookie: Some(format!("plenary_session={session}")), ..Web::anonymous(node) }
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

    async fn post_multipart(&self, path: &str, parts: &[Part<'_>]) -> Page {
        let body = multipart(parts);
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        Web::page(
            self.request(reqwest::Method::POST, path).header(CONTENT_TYPE, content_type).body(body),
        )
        .await
    }

    /// The form token of the form at `path`.
    async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.html);
        value_of(&page.html, "name=\"csrf\"").expect("the form carries a token")
    }

    /// The bytes at `path`.
    async fn bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let response = self.request(reqwest::Method::GET, path).send().await.unwrap();
        (response.status(), response.bytes().await.unwrap().to_vec())
    }
}

/// A multipart body of `parts`, in order.
fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(file_name, content_type, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// The `value` attribute of the first tag containing `marker`.
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

/// The opening tag of the element with `id`.
fn tag_of(html: &str, id: &str) -> String {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no element {id}"));
    let start = html[..at].rfind('<').unwrap();
    html[start..at + html[at..].find('>').unwrap() + 1].to_owned()
}

/// Asserts that the page shows `needle` as the error of field `field`, tied to it.
fn assert_field_error(page: &Page, field: &str, needle: &str) {
    let error = element(&page.html, &format!("{field}-error"))
        .unwrap_or_else(|| panic!("no error shown for {field}: {}", page.html));
    assert!(error.contains(needle), "error of {field} should say {needle:?}: {error}");
}

/// The record id a `303` to a record page names.
fn published_id(page: &Page, prefix: &str) -> String {
    assert_eq!(page.status, 303, "published: {}", page.html);
    let id = page
        .location
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{} is not under {prefix}", page.location));
    assert_eq!(id.len(), 64, "{}", page.location);
    id.to_owned()
}

/// Files in a node's blob store, and temporary upload files.
fn stored_files(node: &TestNode) -> (usize, usize) {
    fn count(dir: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
        entries.map(|e| e.unwrap().path()).map(|p| if p.is_dir() { count(&p) } else { 1 }).sum()
    }
    let root = node.node.data_dir().join("files");
    (count(&root.join("sha256")), count(&root.join("tmp")))
}

/// The record the node holds under `id`, as its admin reads it.
async fn record(node: &TestNode, id: &str) -> Value {
    let (status, view) = node.get(&format!("/api/v1/records/{id}"), Some(&node.admin)).await;
    assert_eq!(status, 200, "{view}");
    view["record"].clone()
}

/// Document fields as an editor fills them in, token first, files last.
fn document_parts<'a>(
    csrf: &'a str,
    title: &'a str,
    extra: &[Part<'a>],
    files: Vec<Part<'a>>,
) -> Vec<Part<'a>> {
    let mut parts = vec![
        Part::Text("csrf", csrf),
        Part::Text("title", title),
        Part::Text("symbol", "PLN/TEST/2027/1"),
        Part::Text("summary", "What the partnership learnt."),
        Part::Text("language", "en"),
        Part::Text("doc_type", "report"),
        Part::Text("status", "final"),
        Part::Text("tags", "regulation, impact, regulation"),
        Part::Text("authors", "A. Author\nB. Author"),
        Part::Text("visibility", "partners"),
    ];
    for part in extra {
        parts.push(match part {
            Part::Text(name, value) => Part::Text(name, value),
            Part::File(name, kind, bytes) => Part::File(name, kind, bytes.clone()),
        });
    }
    parts.extend(files);
    parts
}

fn pdf_bytes(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n% test\n".to_vec();
    bytes.extend((0..size - bytes.len()).map(|i| (i % 251) as u8));
    bytes
}

#[tokio::test]
async fn only_editors_reach_the_forms_and_signed_out_readers_are_sent_to_sign_in() {
    let node = TestNode::start().await;
    let anonymous = Web::anonymous(&node);
    for path in ["/publish", "/publish/document", "/publish/meeting", "/publish/group"] {
        let page = anonymous.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location, format!("/login?next={}", path.replace('/', "%2F")));
    }
    let member = Web::as_role(&node, "reader", Role::Member).await;
    for path in ["/publish", "/publish/document", "/publish/meeting", "/publish/group"] {
        let page = member.get(path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.html.contains("Not allowed"), "a styled 403 page: {}", page.html);
        assert!(!page.html.contains("name=\"title\""), "no form for a member");
    }
    let before = node.own_log_len();
    let page =
        member.post_form("/publish/group", &[("csrf", "x"), ("slug", "a"), ("name", "A")]).await;
    assert_eq!(page.status, 403);
    assert_eq!(node.own_log_len(), before);

    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let landing = editor.get("/publish").await;
    assert_eq!(landing.status, 200);
    for link in
        ["href=\"/publish/document\"", "href=\"/publish/meeting\"", "href=\"/publish/group\""]
    {
        assert!(landing.html.contains(link), "landing links {link}");
    }
    assert!(landing.html.contains("aria-current=\"page\""), "the navigation marks Publish");
    let form = editor.get("/publish/document").await;
    assert_eq!(form.status, 200);
    assert!(form.html.contains("enctype=\"multipart/form-data\""));
    let files_at = form.html.find("name=\"files\"").unwrap();
    let last_field = ["name=\"title\"", "name=\"visibility\"", "name=\"text\"", "name=\"tags\""]
        .iter()
        .map(|f| form.html.rfind(f).unwrap())
        .max()
        .unwrap();
    assert!(files_at > last_field, "the file input comes after every text field");
    assert!(
        form.html.contains("<option value=\"en\" selected>"),
        "the reader's language is the default"
    );
}

#[tokio::test]
async fn forms_without_the_right_token_are_refused_and_store_nothing() {
    let node = TestNode::start().await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let before = (node.own_log_len(), stored_files(&node));
    let file = || Part::File("a.txt", "text/plain", b"some bytes".to_vec());
    for parts in [
        vec![Part::Text("title", "No token"), Part::Text("language", "en"), file()],
        vec![Part::Text("csrf", "forged-token"), Part::Text("title", "Wrong token"), file()],
    ] {
        let page = editor.post_multipart("/publish/document", &parts).await;
        assert_eq!(page.status, 403, "{}", page.html);
        assert!(page.html.contains("This form has expired"), "the stale-form page");
    }
    for path in ["/publish/meeting", "/publish/group"] {
        let page = editor.post_form(path, &[("title", "x"), ("name", "x"), ("slug", "x")]).await;
        assert_eq!(page.status, 403, "{path} without a token");
        let page = editor.post_form(path, &[("csrf", "nope"), ("name", "x"), ("slug", "x")]).await;
        assert_eq!(page.status, 403, "{path} with a wrong token");
    }
    assert_eq!((node.own_log_len(), stored_files(&node)), before, "nothing stored");
}

#[tokio::test]
async fn a_document_with_two_files_is_published_and_its_files_download_byte_identical() {
    let node = TestNode::start().await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let csrf = editor.csrf("/publish/document").await;
    let report = pdf_bytes(2_500);
    let annex = b"Annex: the figures, in plain text.\n".repeat(20);
    let files = vec![
        Part::File("report.pdf", "application/pdf", report.clone()),
        Part::File("C:\\Users\\me\\annex.txt", "text/plain", annex.clone()),
    ];
    let page = editor
        .post_multipart(
            "/publish/document",
            &document_parts(&csrf, "Regulatory outlook", &[], files),
        )
        .await;
    let id = published_id(&page, "/documents/");

    let body = record(&node, &id).await["body"].clone();
    assert_eq!(body["title"], "Regulatory outlook");
    assert_eq!(
        body["tags"],
        json!(["regulation", "impact"]),
        "tags split on commas, repeats dropped"
    );
    assert_eq!(body["authors"], json!(["A. Author", "B. Author"]));
    assert_eq!(body["status"], "final");
    let attachments = body["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["name"], "report.pdf");
    assert_eq!(attachments[0]["media_type"], "application/pdf");
    assert_eq!(attachments[0]["size"], 2_500);
    assert_eq!(attachments[1]["name"], "annex.txt", "a sent path is reduced to its file name");
    assert_eq!(record(&node, &id).await["header"]["visibility"], "partners");

    let shown = editor.get(&format!("/documents/{id}")).await;
    assert_eq!(shown.status, 200);
    for text in ["report.pdf", "annex.txt", "2.5 kB", "700 bytes"] {
        assert!(shown.html.contains(text), "the document page lists {text}");
    }
    for (attachment, bytes) in attachments.iter().zip([report, annex]) {
        let (status, downloaded) = editor
            .bytes(&format!("/api/v1/blobs/{}", attachment["sha256"].as_str().unwrap()))
            .await;
        assert_eq!(status, 200);
        assert_eq!(downloaded, bytes, "the file downloads byte for byte");
    }
    let anonymous = Web::anonymous(&node);
    assert_eq!(anonymous.get(&format!("/documents/{id}")).await.status, 404, "partners only");
}

#[tokio::test]
async fn a_refused_document_keeps_what_was_typed_and_stores_none_of_its_files() {
    let node = TestNode::start().await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let csrf = editor.csrf("/publish/document").await;
    let before = (node.own_log_len(), stored_files(&node));
    let extra = [Part::Text("status", "consultation"), Part::Text("comment_until", "31/12/2027")];
    let files =
        vec![Part::File("draft.txt", "text/plain", b"a draft nobody has stored yet".to_vec())];
    let mut parts = document_parts(&csrf, "  ", &extra, files);
    parts.retain(|p| !matches!(p, Part::Text("status", "final")));
    let page = editor.post_multipart("/publish/document", &parts).await;
    assert_eq!(page.status, 400, "{}", page.html);
    assert_field_error(&page, "title", "required");
    assert!(tag_of(&page.html, "title").contains("aria-invalid=\"true\""));
    assert!(tag_of(&page.html, "title").contains("aria-describedby=\"title-error\""));
    assert_field_error(&page, "comment_until", "YYYY-MM-DD");
    assert_eq!(
        value_of(&page.html, "id=\"symbol\"").as_deref(),
        Some("PLN/TEST/2027/1"),
        "typed values kept"
    );
    assert_eq!(element(&page.html, "authors").as_deref(), Some("A. Author\nB. Author"));
    assert!(
        page.html.contains("choose them again"),
        "the editor is told to choose the files again"
    );
    assert_eq!(
        (node.own_log_len(), stored_files(&node)),
        before,
        "nothing stored, the file removed"
    );

    let parts = vec![
        Part::Text("csrf", &csrf),
        Part::Text("title", "Only for some"),
        Part::Text("language", "en"),
        Part::Text("visibility", "nodes"),
    ];
    let page = editor.post_multipart("/publish/document", &parts).await;
    assert_eq!(page.status, 400);
    assert_field_error(&page, "visibility", "at least one organisation");
    assert_eq!(node.own_log_len(), before.0);
}

#[tokio::test]
async fn an_oversized_upload_is_refused_on_the_form_and_stores_nothing() {
    let node = TestNode::start_with(|c| c.limits.file_bytes = 1024).await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let csrf = editor.csrf("/publish/document").await;
    let before = (node.own_log_len(), stored_files(&node));
    let files = vec![
        Part::File("small.txt", "text/plain", b"fits under the limit".to_vec()),
        Part::File("big.pdf", "application/pdf", pdf_bytes(64 * 1024)),
    ];
    let page = editor
        .post_multipart(
            "/publish/document",
            &document_parts(&csrf, "Too big to publish", &[], files),
        )
        .await;
    assert_eq!(page.status, 413, "{}", page.html);
    assert_field_error(&page, "files", "at most");
    assert_eq!(
        value_of(&page.html, "id=\"title\"").as_deref(),
        Some("Too big to publish"),
        "typed values kept"
    );
    assert!(page.html.contains("choose them again"));
    assert_eq!(node.own_log_len(), before.0, "nothing published");
    assert_eq!(stored_files(&node), (0, 0), "no file stored, no temporary file left");
}

#[tokio::test]
async fn a_new_version_supersedes_and_an_edition_joins_the_editions_panel() {
    let node = TestNode::start().await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let csrf = editor.csrf("/publish/document").await;
    let files =
        vec![Part::File("study.txt", "text/plain", b"the first text of the study".to_vec())];
    let first = published_id(
        &editor
            .post_multipart(
                "/publish/document",
                &document_parts(&csrf, "Study on rule-making", &[], files),
            )
            .await,
        "/documents/",
    );

    let form = editor.get(&format!("/publish/document?supersedes={first}")).await;
    assert_eq!(form.status, 200);
    assert_eq!(
        value_of(&form.html, "id=\"title\"").as_deref(),
        Some("Study on rule-making"),
        "prefilled"
    );
    assert_eq!(value_of(&form.html, "name=\"supersedes\"").as_deref(), Some(first.as_str()));
    assert!(
        tag_of(&form.html, "keep-1").contains("checked"),
        "the previous files are kept by default"
    );
    let sha = value_of(&form.html, "id=\"keep-1\"").unwrap();
    let extra = [
        Part::Text("supersedes", &first),
        Part::Text("relation", "corrigendum"),
        Part::Text("keep", &sha),
    ];
    let files = vec![Part::File("corrigendum.txt", "text/plain", b"one figure corrected".to_vec())];
    let second = published_id(
        &editor
            .post_multipart(
                "/publish/document",
                &document_parts(&csrf, "Study on rule-making (corrected)", &extra, files),
            )
            .await,
        "/documents/",
    );
    let body = record(&node, &second).await["body"].clone();
    assert_eq!(body["supersedes"], first.as_str());
    assert_eq!(body["relation"], "corrigendum");
    let names: Vec<&str> = body["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["study.txt", "corrigendum.txt"]);
    let old = editor.get(&format!("/documents/{first}")).await;
    assert!(old.html.contains("A newer version exists."), "the old page points to the new version");

    let stale = editor.get(&format!("/publish/document?supersedes={first}")).await;
    assert_eq!(stale.status, 403, "only the current version may be superseded");
    assert_eq!(editor.get("/publish/document?supersedes=not-an-id").await.status, 404);
    assert_eq!(
        editor.get(&format!("/publish/document?supersedes={}", "ab".repeat(32))).await.status,
        404
    );

    let form = editor.get(&format!("/publish/document?edition_of={second}")).await;
    assert_eq!(form.status, 200);
    assert_eq!(value_of(&form.html, "id=\"symbol\"").as_deref(), Some("PLN/TEST/2027/1"));
    assert_eq!(value_of(&form.html, "id=\"title\"").as_deref(), Some(""), "the title is asked");
    let same_language = [
        Part::Text("csrf", &csrf),
        Part::Text("edition_of", &second),
        Part::Text("title", "Same"),
        Part::Text("language", "en"),
        Part::Text("visibility", "partners"),
    ];
    let page = editor.post_multipart("/publish/document", &same_language).await;
    assert_eq!(page.status, 400);
    assert_field_error(&page, "language", "another language");
    let french = [
        Part::Text("csrf", &csrf),
        Part::Text("edition_of", &second),
        Part::Text("title", "Étude sur l’élaboration des règles"),
        Part::Text("language", "fr"),
        Part::Text("visibility", "partners"),
        Part::Text("text", "Le texte de l’étude."),
    ];
    let edition =
        published_id(&editor.post_multipart("/publish/document", &french).await, "/documents/");
    let page = editor.get(&format!("/documents/{second}")).await;
    assert!(page.html.contains("Language editions"), "the editions panel is shown");
    assert!(page.html.contains(&format!("href=\"/documents/{edition}\"")));
    assert!(page.html.contains("Étude sur l’élaboration des règles"));
}

#[tokio::test]
async fn a_meeting_with_agenda_rows_is_published_in_utc_from_its_local_time() {
    let node = TestNode::start().await;
    let doc = node
        .publish(&node.admin, "document", json!("partners"), document("Draft agenda paper"))
        .await
        .to_string();
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let form = editor.get("/publish/meeting").await;
    assert_eq!(form.status, 200);
    assert!(
        form.html.contains("id=\"agenda-3-title\"") && !form.html.contains("id=\"agenda-4-title\""),
        "4 rows"
    );
    let csrf = value_of(&form.html, "name=\"csrf\"").unwrap();
    let documents = format!("{doc}\n\n{}/documents/{doc}", node.url);
    let fields = vec![
        ("csrf", csrf.as_str()),
        ("title", "Annual plenary"),
        ("series", "Annual Meeting of the Partnership"),
        ("meeting_type", "plenary"),
        ("status", "confirmed"),
        ("timezone", "America/New_York"),
        ("start_date", "2027-03-15"),
        ("start_time", "09:00"),
        ("end_date", ""),
        ("end_time", "17:30"),
        ("location_name", "Headquarters"),
        ("visibility", "partners"),
        ("rows", "8"),
        ("agenda-0-number", "1"),
        ("agenda-0-title", "Opening"),
        ("agenda-2-number", "2"),
        ("agenda-2-title", "The draft paper"),
        ("agenda-2-documents", documents.as_str()),
    ];
    let more = [fields.clone(), vec![("more", "rows")]].concat();
    let page = editor.post_form("/publish/meeting", &more).await;
    assert_eq!(page.status, 200, "more rows is not a publication");
    assert!(page.html.contains("id=\"agenda-11-title\""), "four more rows");
    assert_eq!(
        value_of(&page.html, "id=\"agenda-2-title\"").as_deref(),
        Some("The draft paper"),
        "rows kept"
    );
    let id = published_id(&editor.post_form("/publish/meeting", &fields).await, "/meetings/");
    let body = record(&node, &id).await["body"].clone();
    assert_eq!(body["starts_at"], "2027-03-15T13:00:00Z", "09:00 in New York (EDT) is 13:00 UTC");
    assert_eq!(body["ends_at"], "2027-03-15T21:30:00Z", "the end takes the start's date");
    assert_eq!(body["timezone"], "America/New_York");
    assert_eq!(body["location"], json!({"name": "Headquarters"}));
    assert_eq!(
        body["agenda"],
        json!([{"number": "1", "title": "Opening"}, {"number": "2", "title": "The draft paper", "documents": [doc]}]),
        "blank rows dropped, an id and a link to the same document listed once"
    );
    assert_eq!(record(&node, &id).await["header"]["visibility"], "partners");

    let update = editor.get(&format!("/publish/meeting?supersedes={id}")).await;
    assert_eq!(update.status, 200);
    assert_eq!(
        value_of(&update.html, "id=\"start_time\"").as_deref(),
        Some("09:00"),
        "times shown on the meeting's clock"
    );
    assert_eq!(value_of(&update.html, "id=\"agenda-1-title\"").as_deref(), Some("The draft paper"));
}

#[tokio::test]
async fn bad_meeting_input_is_shown_next_to_its_field_with_the_values_kept() {
    let node = TestNode::start().await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let csrf = editor.csrf("/publish/meeting").await;
    let before = node.own_log_len();
    let unknown = "cd".repeat(32);
    let base = |zone: &'static str, end_time: &'static str| {
        vec![
            ("title", "Workshop on drafting"),
            ("meeting_type", "workshop"),
            ("timezone", zone),
            ("start_date", "2027-06-01"),
            ("start_time", "14:00"),
            ("end_date", "2027-06-01"),
            ("end_time", end_time),
            ("visibility", "partners"),
            ("rows", "8"),
        ]
    };
    let mut fields: Vec<(&str, &str)> = base("Mars/Olympus_Mons", "16:00");
    fields.push(("csrf", &csrf));
    let page = editor.post_form("/publish/meeting", &fields).await;
    assert_eq!(page.status, 400);
    assert_field_error(&page, "timezone", "Mars/Olympus_Mons");
    assert!(tag_of(&page.html, "timezone").contains("aria-invalid=\"true\""));
    assert_eq!(value_of(&page.html, "id=\"timezone\"").as_deref(), Some("Mars/Olympus_Mons"));
    assert_eq!(value_of(&page.html, "id=\"title\"").as_deref(), Some("Workshop on drafting"));
    let french = Web { language: "fr", ..Web::anonymous(&node) };
    let french = Web { cookie: editor.cookie.clone(), ..french };
    let page = french.post_form("/publish/meeting", &fields).await;
    assert_eq!(page.status, 400);
    assert_field_error(&page, "timezone", "n’est pas un fuseau horaire");

    let mut fields: Vec<(&str, &str)> = base("Europe/Paris", "13:00");
    fields.push(("csrf", &csrf));
    fields.push(("agenda-2-title", "Documents nobody holds"));
    fields.push(("agenda-2-documents", &unknown));
    fields.push(("agenda-3-documents", "not an id"));
    let page = editor.post_form("/publish/meeting", &fields).await;
    assert_eq!(page.status, 400);
    assert_field_error(&page, "ends_at", "after the start");
    assert_field_error(&page, "agenda-2", &unknown);
    assert_field_error(&page, "agenda-3", "title");
    assert_field_error(&page, "agenda-3", "not an id");
    assert_eq!(
        element(&page.html, "agenda-2-documents").as_deref(),
        Some(unknown.as_str()),
        "rows kept"
    );
    assert_eq!(value_of(&page.html, "id=\"end_time\"").as_deref(), Some("13:00"));
    assert_eq!(node.own_log_len(), before, "nothing published");
}

#[tokio::test]
async fn working_groups_are_published_and_updated_and_their_members_see_group_material() {
    let node = TestNode::start().await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let form = editor.get("/publish/group").await;
    let csrf = value_of(&form.html, "name=\"csrf\"").unwrap();
    let own = node.node.id().to_string();
    assert!(form.html.contains(&format!("value=\"{own}\"")), "this organisation can be chosen");
    let page = editor
        .post_form(
            "/publish/group",
            &[
                ("csrf", &csrf),
                ("slug", "Bad Slug"),
                ("name", "Impact"),
                ("progress", "150"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(page.status, 400);
    assert_field_error(&page, "slug", "lowercase");
    assert_field_error(&page, "progress", "0 to 100");
    assert_eq!(value_of(&page.html, "id=\"name\"").as_deref(), Some("Impact"));

    let fields = [
        ("csrf", csrf.as_str()),
        ("slug", "regulatory-impact"),
        ("name", "Regulatory impact assessment"),
        ("theme", "Better regulation"),
        ("status", "active"),
        ("progress", "40"),
        ("convenors", own.as_str()),
        ("members", own.as_str()),
        ("visibility", "public"),
    ];
    let group = published_id(&editor.post_form("/publish/group", &fields).await, "/groups/");
    let body = record(&node, &group).await["body"].clone();
    assert_eq!(body["progress"], 40);
    assert_eq!(body["members"], json!([own]));

    let update = editor.get(&format!("/publish/group?supersedes={group}")).await;
    assert_eq!(update.status, 200);
    assert_eq!(value_of(&update.html, "id=\"slug\"").as_deref(), Some("regulatory-impact"));
    assert!(tag_of(&update.html, "member-1").contains("checked"));
    let fields = [
        ("csrf", csrf.as_str()),
        ("supersedes", group.as_str()),
        ("slug", "regulatory-impact"),
        ("name", "Regulatory impact assessment"),
        ("progress", "60"),
        ("visibility", "public"),
    ];
    let second = published_id(&editor.post_form("/publish/group", &fields).await, "/groups/");
    assert_eq!(record(&node, &second).await["body"]["supersedes"], group.as_str());

    let csrf_doc = editor.csrf("/publish/document").await;
    let parts = [
        Part::Text("csrf", &csrf_doc),
        Part::Text("title", "For the group only"),
        Part::Text("language", "en"),
        Part::Text("working_group", &second),
        Part::Text("visibility", "group"),
        Part::Text("visibility_group", &second),
    ];
    let doc =
        published_id(&editor.post_multipart("/publish/document", &parts).await, "/documents/");
    assert_eq!(record(&node, &doc).await["header"]["visibility"], json!({"group": second}));
    assert_eq!(editor.get(&format!("/documents/{doc}")).await.status, 200);
    assert_eq!(Web::anonymous(&node).get(&format!("/documents/{doc}")).await.status, 404);
}

#[tokio::test]
async fn texts_larger_than_a_record_are_refused_as_too_large_and_nothing_is_stored() {
    let node = TestNode::start_with(|c| c.limits.record_bytes = 16 * 1024).await;
    let editor = Web::as_role(&node, "editor", Role::Editor).await;
    let csrf = editor.csrf("/publish/document").await;
    let before = (node.own_log_len(), stored_files(&node));
    let long = "word ".repeat(5_000);
    let parts = [
        Part::Text("csrf", &csrf),
        Part::Text("title", "A long text"),
        Part::Text("language", "en"),
        Part::Text("visibility", "partners"),
        Part::Text("text", &long),
        Part::File("small.txt", "text/plain", b"a small file".to_vec()),
    ];
    let page = editor.post_multipart("/publish/document", &parts).await;
    assert_eq!(page.status, 413, "{}", page.html);
    let at = page.html.find("id=\"form-errors\"").expect("an error summary");
    let summary = &page.html[at..at + page.html[at..].find("</div>").unwrap()];
    assert!(summary.contains("16384 bytes"), "the summary names the record limit: {summary}");
    assert_eq!(value_of(&page.html, "id=\"title\"").as_deref(), Some("A long text"));
    assert_eq!(element(&page.html, "text").as_deref(), Some(long.as_str()), "the text is kept");
    assert!(page.html.contains("choose them again"));
    assert_eq!((node.own_log_len(), stored_files(&node)), before, "nothing stored");

    let csrf = editor.csrf("/publish/group").await;
    let fields =
        [("csrf", csrf.as_str()), ("slug", "long"), ("name", "Long"), ("description", &long)];
    let page = editor.post_form("/publish/group", &fields).await;
    assert_eq!(page.status, 413, "a form over the record limit");
    assert!(page.html.contains("16384 bytes"), "the limit is named: {}", page.html);
    assert_eq!(node.own_log_len(), before.0);
}
