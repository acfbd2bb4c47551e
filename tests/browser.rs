//! The portal in a real browser: headless Chromium driven through ChromeDriver against the real
//! `plenary serve`. One test walks a reader's journey (sign in, publish a real PDF, find it by a
//! word inside it, check its provenance, verify the file, switch to French, sign out, and see
//! only public material anonymously); the other audits every page of the portal with axe-core
//! (WCAG 2.1 A and AA: any serious or critical violation fails) in English, French and Arabic
//! (right to left) and photographs each at desktop and phone sizes, the window's view and the
//! whole page, into `target/portal-screenshots/`.
//!
//! Needs `PLENARY_CHROMEDRIVER` and `PLENARY_AXE` (`.ci/run` sets both); without them each test
//! says it was skipped and passes. With `PLENARY_CORPUS` the journey publishes a real PDF from
//! the corpus, otherwise one generated here.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::browser::{Browser, Portal, Tools, Violation, WINDOWS, screenshot_dir, tools};
use serde_json::json;

/// A whole test's limit, so a hung browser fails the run instead of stalling CI.
const TEST_LIMIT: Duration = Duration::from_secs(600);

/// How long a published file may take to be extracted and indexed.
const INDEXING: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// The audit's pages.

/// Who reads a page in the audit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Nobody signed in.
    Anyone,
    /// The first admin (who sees every link and form).
    Admin,
}

/// One audited page: its name in reports and screenshot files, its path (`{document}`,
/// `{draft}` (open for comment), `{comment}` (on it), `{survey}`, `{meeting}`, `{group}`, `{node}`, `{file}` (the document's PDF's SHA-256) and `{word}` are
/// filled from the fixture), and who reads it.
struct Audited {
    name: &'static str,
    path: &'static str,
    who: Who,
}

/// Every page of the portal the audit visits. A new page is one line here.
#[rustfmt::skip]
const PAGES: &[Audited] = &[
    Audited { name: "login", path: "/login", who: Who::Anyone },
    Audited { name: "not-found", path: "/no/such/page", who: Who::Anyone },
    Audited { name: "dashboard-public", path: "/", who: Who::Anyone },
    Audited { name: "dashboard", path: "/", who: Who::Admin },
    Audited { name: "search", path: "/search?q={word}", who: Who::Admin },
    Audited { name: "search-empty", path: "/search", who: Who::Admin },
    Audited { name: "document", path: "/documents/{document}", who: Who::Admin },
    Audited { name: "signed-record", path: "/records/{meeting}/signed", who: Who::Admin },
    Audited { name: "meetings", path: "/meetings", who: Who::Admin },
    Audited { name: "meeting", path: "/meetings/{meeting}", who: Who::Admin },
    Audited { name: "groups", path: "/groups", who: Who::Admin },
    Audited { name: "group", path: "/groups/{group}", who: Who::Admin },
    Audited { name: "organisations", path: "/organisations", who: Who::Admin },
    Audited { name: "organisation", path: "/organisations/{node}", who: Who::Admin },
    Audited { name: "publish", path: "/publish", who: Who::Admin },
    Audited { name: "publish-document", path: "/publish/document", who: Who::Admin },
    Audited { name: "publish-meeting", path: "/publish/meeting", who: Who::Admin },
    Audited { name: "publish-group", path: "/publish/group", who: Who::Admin },
    Audited { name: "publish-survey", path: "/publish/survey", who: Who::Admin },
    Audited { name: "surveys", path: "/surveys", who: Who::Admin },
    Audited { name: "survey", path: "/surveys/{survey}", who: Who::Admin },
    Audited { name: "consultation", path: "/documents/{draft}", who: Who::Admin },
    Audited { name: "comment-reply", path: "/documents/{draft}/comment?reply_to={comment}", who: Who::Admin },
    Audited { name: "comments-print", path: "/documents/{draft}/comments/print", who: Who::Admin },
    Audited { name: "verify", path: "/verify", who: Who::Anyone },
    Audited { name: "verify-found", path: "/verify?sha256={file}", who: Who::Admin },
    Audited { name: "verify-invalid", path: "/verify?sha256=not-a-hash", who: Who::Anyone },
    Audited { name: "account", path: "/account", who: Who::Admin },
    Audited { name: "admin", path: "/admin", who: Who::Admin },
    Audited { name: "admin-users", path: "/admin/users", who: Who::Admin },
    Audited { name: "admin-peers", path: "/admin/peers", who: Who::Admin },
    Audited { name: "search-invalid", path: "/search?q={word}&from=someday", who: Who::Admin },
];

/// The interface languages every page is audited in (Arabic: right to left).
const LANGUAGES: &[&str] = &["en", "fr", "ar"];

/// What the audit's pages show: records published through the API before the browser starts.
struct Fixture {
    document: String,
    draft: String,
    comment: String,
    survey: String,
    meeting: String,
    group: String,
    node: String,
    file: String,
    word: &'static str,
}

impl Fixture {
    /// Publishes a working group, a document with a PDF in it, a consultation draft, a meeting
    /// whose agenda lists the document, and a partners-only note; waits until they are found.
    async fn publish(portal: &Portal) -> Fixture {
        let word = "zymurgical";
        let group = portal
            .publish(
                "working_group",
                json!("public"),
                json!({"slug": "regulatory-cooperation", "name": "Regulatory Cooperation",
                       "theme": "Better rules across borders", "status": "active", "progress": 40,
                       "description": "Compares how member organisations review their rules."}),
            )
            .await;
        let pdf = common::pdf::pdf(&[&format!("Annual review of the {word} programme")]);
        let attachment = portal.upload(pdf, "annual-review.pdf", "application/pdf").await;
        let file = attachment["sha256"].as_str().unwrap().to_owned();
        let document = portal
            .publish(
                "document",
                json!("public"),
                json!({"title": "Annual review of the cooperation programme", "language": "en",
                       "symbol": "OBT/RC(2027)1", "status": "final", "doc_type": "report",
                       "working_group": group, "tags": ["regulation", "review"],
                       "authors": ["Secretariat"], "summary": "What the programme did this year.",
                       "attachments": [attachment]}),
            )
            .await;
        let draft = portal
            .publish(
                "document",
                json!("public"),
                json!({"title": "Draft guidelines on impact assessment", "language": "en",
                       "status": "consultation", "comment_until": days_from_now(20),
                       "working_group": group, "text": "Draft text open for comment."}),
            )
            .await;
        let comment = portal
            .publish(
                "comment",
                json!("public"),
                json!({"about": draft, "text": "Section 2 should name the review cycle.",
                       "section": "2", "language": "en"}),
            )
            .await;
        let survey = portal
            .publish(
                "survey",
                json!("public"),
                json!({"title": "Impact assessment practice", "closes_at": days_from_now(20),
                       "description": "How members assess the impact of new rules.",
                       "questions": [
                           {"id": "q1", "text": "Do you assess impact?", "type": "yes_no", "required": true},
                           {"id": "q2", "text": "Which rules?", "type": "single_choice", "options": ["All", "Major ones"]},
                           {"id": "q3", "text": "Which methods?", "type": "multiple_choice", "options": ["Cost-benefit", "Consultation"]},
                           {"id": "q4", "text": "How useful is it?", "type": "scale",
                            "scale": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Very"}},
                           {"id": "q5", "text": "Staff assigned", "type": "integer"},
                           {"id": "q6", "text": "Comments", "type": "text"}]}),
            )
            .await;
        let meeting = portal
            .publish(
                "meeting",
                json!("public"),
                json!({"title": "Regulatory Cooperation, spring session", "meeting_type": "working_group",
                       "series": "Regulatory Cooperation sessions", "starts_at": days_from_now(30),
                       "timezone": "Europe/Paris", "working_group": group, "status": "confirmed",
                       "location": {"name": "Conference Centre, Room 2"},
                       "agenda": [{"number": "1", "title": "Annual review", "documents": [document]}]}),
            )
            .await;
        portal
            .publish(
                "document",
                json!("partners"),
                json!({"title": "Partners' working note", "language": "en", "text": "For partners."}),
            )
            .await;
        portal.searchable(None, word, &document).await;
        let node = portal.server.node_id.clone();
        Fixture { document, draft, comment, survey, meeting, group, node, file, word }
    }

    /// `template` with the fixture's ids in place of its `{…}` names.
    fn fill(&self, template: &str) -> String {
        template
            .replace("{document}", &self.document)
            .replace("{draft}", &self.draft)
            .replace("{comment}", &self.comment)
            .replace("{survey}", &self.survey)
            .replace("{meeting}", &self.meeting)
            .replace("{group}", &self.group)
            .replace("{node}", &self.node)
            .replace("{file}", &self.file)
            .replace("{word}", self.word)
    }
}

/// An RFC 3339 UTC timestamp `days` from now.
fn days_from_now(days: i64) -> String {
    let at = time::OffsetDateTime::now_utc() + time::Duration::days(days);
    plenary::model::record::format_utc_timestamp(at)
}

// ---------------------------------------------------------------------------------------------
// Languages.

/// The repository's message files.
fn locales() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Whether the repository has messages for `tag` (the binary compiles them all in).
fn has_language(tag: &str) -> bool {
    let present = locales().join(tag).is_dir();
    if !present {
        println!("language {tag} not exercised: the repository has no locales/{tag}/");
    }
    present
}

/// The single-line message `key` in `tag`'s message files.
fn message(tag: &str, key: &str) -> String {
    let dir = locales().join(tag);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((name, value)) = line.split_once('=')
                && name.trim() == key
            {
                return value.trim().to_owned();
            }
        }
    }
    panic!("no message {key} in {}", dir.display())
}

// ---------------------------------------------------------------------------------------------
// The audit.

/// What the audit found across pages, languages and window sizes.
#[derive(Default)]
struct Findings {
    blocking: Vec<String>,
    other: Vec<String>,
    pages: usize,
    /// The heaviest page before images, in bytes, and its name.
    heaviest: (u64, &'static str),
}

impl Findings {
    fn add(&mut self, page: &str, violations: Vec<Violation>) {
        self.pages += 1;
        for violation in violations {
            let line = violation.describe(page);
            if violation.blocks() { self.blocking.push(line) } else { self.other.push(line) }
        }
    }
}

/// Opens `path`, runs axe at each window size and photographs it.
async fn audit_page(
    browser: &Browser,
    portal: &Portal,
    page: &Audited,
    path: &str,
    lang: &str,
    findings: &mut Findings,
) {
    browser.goto(&portal.url(path)).await;
    let problem = browser.has("main .problem").await;
    assert_eq!(
        problem,
        page.name == "not-found",
        "{} ({path}) is the page, not an error page",
        page.name
    );
    let (shown, dir) = browser.lang_dir().await;
    assert_eq!(shown, lang, "{} is in {lang}", page.name);
    if lang == "ar" {
        assert_eq!(dir, "rtl", "{} in Arabic is right to left", page.name);
    }
    let weight = check_weight(browser, portal, page.name, lang).await;
    findings.heaviest = findings.heaviest.max((weight, page.name));
    for window in WINDOWS {
        browser.resize(window).await;
        let label = format!("{} ({path}) in {lang} at {}px", page.name, window.0);
        findings.add(&label, browser.axe().await);
        browser.photograph(&format!("{}-{lang}", page.name), window).await;
    }
}

/// Most a page may weigh before images: its HTML and the stylesheets and scripts it loads.
const PAGE_WEIGHT: u64 = 150 * 1024;

/// The page the browser shows loaded nothing from another origin, and weighs at most
/// [`PAGE_WEIGHT`] before images; returns its weight.
async fn check_weight(browser: &Browser, portal: &Portal, name: &str, lang: &str) -> u64 {
    let (html, urls) = browser.loaded().await;
    assert!(html > 0, "{name} in {lang}: the browser measured its HTML");
    let origin = portal.url("/");
    let mut weight = html;
    for url in urls.iter().filter(|url| !url.is_empty()) {
        assert!(url.starts_with(&origin), "{name} in {lang} loads {url} from another origin");
        let image = [".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"];
        if !image.iter().any(|ext| url.split('?').next().unwrap_or(url).ends_with(ext)) {
            weight += reqwest::get(url).await.unwrap().bytes().await.unwrap().len() as u64;
        }
    }
    assert!(weight <= PAGE_WEIGHT, "{name} in {lang} weighs {weight} bytes before images");
    weight
}

/// Signs in through the `/login` form as the first admin.
async fn sign_in(browser: &Browser, portal: &Portal) {
    browser.goto(&portal.url("/login")).await;
    browser.fill("#username", "admin").await;
    browser.fill("#password", &portal.password).await;
    browser.click("form[action=\"/login\"] button[type=\"submit\"]").await;
    assert!(
        browser.has("form[action=\"/logout\"]").await,
        "signed in after the form: {}",
        browser.path().await
    );
}

/// Signs out with the button every page carries for a signed-in reader.
async fn sign_out(browser: &Browser) {
    browser.click("form[action=\"/logout\"] button[type=\"submit\"]").await;
    assert!(!browser.has("form[action=\"/logout\"]").await, "signed out");
}

/// The page's Content-Security-Policy holds in the browser (an inline script planted in the
/// page does not run), yet axe-core, run through WebDriver rather than as a page script, does;
/// and the audit can fail: an image without a text alternative, planted in a page, is a
/// critical violation axe-core reports.
async fn axe_sees_a_planted_violation(browser: &Browser, portal: &Portal) {
    browser.goto(&portal.url("/")).await;
    let inline = "const s = document.createElement('script'); \
                  s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); \
                  return window.inlineRan === true";
    let ran = browser.client.execute(inline, vec![]).await.unwrap();
    assert_eq!(ran, false, "the Content-Security-Policy stops an inline script");
    let plant = "const img = document.createElement('img'); img.src = '/static/icon.svg'; \
                 document.querySelector('main').appendChild(img);";
    browser.client.execute(plant, vec![]).await.unwrap();
    let violations = browser.axe().await;
    assert!(
        violations.iter().any(|v| v.id == "image-alt" && v.blocks()),
        "axe-core reports an image without alt text: {violations:?}"
    );
}

/// Audits every page of the table in every language, signed out then signed in.
async fn audit(tools: &Tools) -> Findings {
    let portal = Portal::start().await;
    let fixture = Fixture::publish(&portal).await;
    let browser = Browser::start(tools).await;
    axe_sees_a_planted_violation(&browser, &portal).await;
    let mut findings = Findings::default();
    for &lang in LANGUAGES {
        if !has_language(lang) {
            continue;
        }
        browser.goto(&portal.url("/")).await;
        browser.switch_language(lang).await;
        for who in [Who::Anyone, Who::Admin] {
            if who == Who::Admin {
                sign_in(&browser, &portal).await;
            }
            for page in PAGES.iter().filter(|p| p.who == who) {
                let path = fixture.fill(page.path);
                audit_page(&browser, &portal, page, &path, lang, &mut findings).await;
            }
        }
        sign_out(&browser).await;
    }
    browser.close().await;
    findings
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_in_every_language_and_is_photographed() {
    let Some(tools) = tools("audit") else { return };
    let started = Instant::now();
    let findings = tokio::time::timeout(TEST_LIMIT, audit(&tools)).await.expect("audit in time");
    for line in &findings.other {
        println!("axe (not blocking): {line}");
    }
    println!(
        "audit: {} page views checked and photographed into {}, {:.1} s; heaviest page {} \
         ({} bytes before images, nothing from another origin)",
        findings.pages,
        screenshot_dir().display(),
        started.elapsed().as_secs_f64(),
        findings.heaviest.1,
        findings.heaviest.0
    );
    assert!(
        findings.blocking.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        findings.blocking.len(),
        findings.blocking.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The journey.

/// The PDF the journey publishes (written where the file input can read it), and a word found
/// only inside it (not in its title).
struct JourneyFile {
    word: &'static str,
    path: PathBuf,
}

/// A small text PDF from the corpus (`py-pdf/sample-files`' PDF/A "The Crazy Ones", listed in
/// its MANIFEST under 5a) when `PLENARY_CORPUS` is set, else a generated one.
fn journey_file(dir: &std::path::Path) -> JourneyFile {
    let (bytes, name, word) = match std::env::var_os("PLENARY_CORPUS") {
        Some(root) => {
            let path = PathBuf::from(root)
                .join("05-documents/pdf/py-pdf-sample-files/021-pdfa/crazyones-pdfa.pdf");
            assert!(path.is_file(), "PLENARY_CORPUS is set but {} does not exist", path.display());
            (std::fs::read(&path).unwrap(), "crazyones-pdfa.pdf", "troublemakers")
        }
        None => {
            println!("journey: PLENARY_CORPUS is not set, so it publishes a generated PDF");
            let text = "Minutes of the quinquennial heliograph review";
            (common::pdf::pdf(&[text]), "minutes.pdf", "heliograph")
        }
    };
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    JourneyFile { word, path }
}

/// Publishes the journey's document through the publish form (`/publish/document`): title,
/// language, public, the PDF attached to the file input; the page it lands on is the new
/// document's, and its id is the journey's.
async fn publish_through_the_form(
    browser: &Browser,
    portal: &Portal,
    file: &JourneyFile,
    title: &str,
) -> String {
    browser.goto(&portal.url("/publish/document")).await;
    browser.fill("#title", title).await;
    browser.choose("#language option[value=\"en\"]").await;
    browser.choose("#visibility-public").await;
    let files = browser.find("#files").await;
    files.send_keys(file.path.to_str().unwrap()).await.unwrap();
    browser.click("form[action=\"/publish/document\"] button[type=\"submit\"]").await;
    let landed = browser.path().await;
    let Some(id) = landed.strip_prefix("/documents/") else {
        let errors = browser.texts(".field-error, .form-error").await;
        panic!("the publish form led to {landed}, not a document page: {errors:?}");
    };
    assert_eq!(browser.text("h1").await, title, "the new document's page");
    id.to_owned()
}

/// Searches with the search box for `word` and reloads until a hit links to `id`.
async fn search_until_found(browser: &Browser, portal: &Portal, word: &str, id: &str) {
    browser.goto(&portal.url("/search")).await;
    browser.fill("#q", word).await;
    browser.click("form.search-box button[type=\"submit\"]").await;
    let hit = format!(".hit a[href=\"/records/{id}\"]");
    let until = Instant::now() + INDEXING;
    while !browser.has(&hit).await {
        assert!(Instant::now() < until, "{word:?} did not find {id} within {INDEXING:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        browser.client.refresh().await.unwrap();
    }
}

/// Whether a search for `word` lists a hit linking to `id` (the index has caught up).
async fn search_lists(browser: &Browser, portal: &Portal, word: &str, id: &str) -> bool {
    browser.goto(&portal.url(&format!("/search?q={word}"))).await;
    browser.has(&format!(".hit a[href=\"/records/{id}\"]")).await
}

/// Checks the provenance panel of the document page the browser shows.
async fn check_provenance(browser: &Browser, portal: &Portal) {
    let verdict = browser.text(".provenance .verdict").await;
    assert!(
        verdict.contains(&message("en", "prov-verified")),
        "the provenance panel says the signature verifies: {verdict:?}"
    );
    let ids = browser.texts(".provenance code.id").await;
    assert!(
        ids.contains(&portal.server.node_id),
        "the provenance panel shows the node id {}: {ids:?}",
        portal.server.node_id
    );
}

/// Verifies the file on `/verify` when the page exists.
async fn check_verify(browser: &Browser, portal: &Portal, file: &JourneyFile, id: &str) {
    if portal.status("/verify").await == 404 {
        println!("journey: /verify answers 404 on this branch, so the verify step is skipped");
        return;
    }
    browser.goto(&portal.url("/verify")).await;
    browser
        .find("main input[type=\"file\"]")
        .await
        .send_keys(file.path.to_str().unwrap())
        .await
        .unwrap();
    browser.click("main form button[type=\"submit\"]").await;
    let links = [format!("a[href=\"/documents/{id}\"]"), format!("a[href=\"/records/{id}\"]")];
    let mut found = false;
    for link in &links {
        found |= browser.has(&format!("main {link}")).await;
    }
    assert!(found, "/verify names the record that lists the file ({id})");
}

/// Switches to French and checks the page and its navigation are in French.
async fn check_french(browser: &Browser) {
    if !has_language("fr") {
        return;
    }
    let english = browser.texts(".main-nav a").await;
    browser.switch_language("fr").await;
    let french = browser.texts(".main-nav a").await;
    assert_eq!(french[0], message("fr", "nav-home"), "the navigation is in French");
    assert_eq!(french[1], message("fr", "nav-search"), "the navigation is in French");
    assert_ne!(french, english, "the navigation changed language");
}

/// What an anonymous reader sees: the public document, never the partners-only one.
async fn check_anonymous(browser: &Browser, portal: &Portal, public: &str, partners: &str) {
    assert!(search_lists(browser, portal, "lighthouse", public).await, "public note found");
    assert!(
        !search_lists(browser, portal, "kelpforest", partners).await,
        "an anonymous search does not list the partners-only note"
    );
    browser.goto(&portal.url("/")).await;
    let dashboard = browser.text("main").await;
    assert!(
        dashboard.contains("Public notice on the lighthouse"),
        "the dashboard lists the public note"
    );
    assert!(!dashboard.contains("Partners' note"), "the dashboard hides the partners-only note");
    browser.goto(&portal.url(&format!("/documents/{partners}"))).await;
    assert_eq!(browser.text(".status-code").await, "404", "the partners-only note is a 404 page");
    browser.goto(&portal.url(&format!("/records/{partners}"))).await;
    assert_eq!(browser.text(".status-code").await, "404", "so is its record address");
    browser.goto(&portal.url(&format!("/documents/{public}"))).await;
    assert_eq!(
        browser.text("h1").await,
        "Public notice on the lighthouse",
        "the public note opens"
    );
}

/// The journey, step by step.
async fn journey(tools: &Tools) {
    let portal = Portal::start().await;
    let public = portal
        .publish(
            "document",
            json!("public"),
            json!({"title": "Public notice on the lighthouse", "language": "en", "text": "The lighthouse reopens."}),
        )
        .await;
    let partners = portal
        .publish(
            "document",
            json!("partners"),
            json!({"title": "Partners' note", "language": "en", "text": "The kelpforest survey, for partners only."}),
        )
        .await;
    portal.searchable(Some(&portal.token), "kelpforest", &partners).await;
    let browser = Browser::start(tools).await;

    sign_in(&browser, &portal).await;
    assert!(browser.text(".account-link").await.contains("admin"), "the masthead names the admin");

    let file = journey_file(portal.dir.path());
    let title = "Journey reference document";
    let id = publish_through_the_form(&browser, &portal, &file, title).await;

    search_until_found(&browser, &portal, file.word, &id).await;
    browser.click(&format!(".hit a[href=\"/records/{id}\"]")).await;
    assert_eq!(browser.path().await, format!("/documents/{id}"), "the hit opens the document");
    assert_eq!(browser.text("h1").await, title);
    check_provenance(&browser, &portal).await;

    check_verify(&browser, &portal, &file, &id).await;

    browser.goto(&portal.url(&format!("/documents/{id}"))).await;
    check_french(&browser).await;

    sign_out(&browser).await;
    check_anonymous(&browser, &portal, &public, &partners).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_signs_in_finds_a_pdf_by_its_text_proves_it_and_signs_out() {
    let Some(tools) = tools("journey") else { return };
    let started = Instant::now();
    tokio::time::timeout(TEST_LIMIT, journey(&tools)).await.expect("journey in time");
    println!("journey: {:.1} s", started.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------------------------
// The stylesheet.

/// Every block of `static/portal.css` is closed where it should be, so each area's section
/// starts at the top level: a merge once lost the `}` of one section's `@media` block, and
/// every section after it applied to phones only. Runs without the browser.
#[test]
fn the_stylesheet_closes_every_block() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static/portal.css");
    let css = std::fs::read_to_string(&path).unwrap();
    let mut open: Vec<usize> = Vec::new();
    let mut rest = css.as_str();
    let mut line = 1;
    while let Some(c) = rest.chars().next() {
        if let Some(heading) = rest.strip_prefix("/* ---- ") {
            let heading = heading.lines().next().unwrap_or_default().trim_end_matches(" ---- */");
            assert!(
                open.is_empty(),
                "portal.css line {line}: {heading} starts inside the block opened on line {open:?}"
            );
        }
        if let Some(after) = rest.strip_prefix("/*") {
            let end = after.find("*/").expect("every comment is closed");
            line += after[..end].matches('\n').count();
            rest = &after[end + 2..];
            continue;
        }
        match c {
            '\n' => line += 1,
            '{' => open.push(line),
            '}' => assert!(open.pop().is_some(), "portal.css line {line}: `}}` closes nothing"),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    assert!(open.is_empty(), "portal.css: blocks opened on lines {open:?} are never closed");
}
