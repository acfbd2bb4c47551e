//! A real browser for the portal's tests: Debian's headless Chromium driven through its
//! ChromeDriver (a child process on a free loopback port, killed when dropped) with fantoccini,
//! axe-core injected into pages and run there, and screenshots written under
//! `target/portal-screenshots/`. Also the portal those tests drive: the real `plenary serve`
//! in a temporary directory, with an API token to set up data through the JSON API.
//!
//! The suite needs two tools the machine may not have: `PLENARY_CHROMEDRIVER` (the driver) and
//! `PLENARY_AXE` (`axe.min.js`, installed by `npm ci` in `tests/browser`). With neither set
//! every browser test says it was skipped and passes; with one set but pointing nowhere it
//! fails, so a CI that means to run the suite cannot silently skip it.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde_json::{Value, json};
use tempfile::TempDir;

use super::process::{self, Server};

/// The Chromium binary ChromeDriver starts (Debian's `chromium` package).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium's flags: headless, and none of the background connections a closed network
/// refuses (without them it hangs at start), with a fresh profile added per session.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--lang=en",
];

/// How long ChromeDriver may take to answer its status.
const DRIVER_START: Duration = Duration::from_secs(30);

/// The WCAG levels the audit checks (axe-core rule tags).
const AXE_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The desktop and phone windows every audited page is photographed at.
pub const WINDOWS: [(u32, u32); 2] = [(1280, 800), (390, 844)];

/// The tallest full-page screenshot, in CSS pixels.
const FULL_PAGE_LIMIT: u32 = 8000;

/// Where the suite's tools are.
pub struct Tools {
    /// `PLENARY_CHROMEDRIVER`.
    pub chromedriver: PathBuf,
    /// `PLENARY_AXE`: axe-core's `axe.min.js`.
    pub axe: PathBuf,
}

/// The suite's tools, or `None` (saying so) when neither variable is set. Panics when a
/// variable is set but names no file, or only one of them is set.
pub fn tools(test: &str) -> Option<Tools> {
    let chromedriver = std::env::var_os("PLENARY_CHROMEDRIVER").map(PathBuf::from);
    let axe = std::env::var_os("PLENARY_AXE").map(PathBuf::from);
    if chromedriver.is_none() && axe.is_none() {
        println!(
            "browser suite skipped ({test}): PLENARY_CHROMEDRIVER and PLENARY_AXE are not set \
             (.ci/run installs chromium, chromium-driver and axe-core and sets them)"
        );
        return None;
    }
    let chromedriver = chromedriver.expect("PLENARY_AXE is set, so PLENARY_CHROMEDRIVER must be");
    let axe = axe.expect("PLENARY_CHROMEDRIVER is set, so PLENARY_AXE must be");
    assert!(
        chromedriver.is_file(),
        "PLENARY_CHROMEDRIVER is set but {} is not a file",
        chromedriver.display()
    );
    assert!(axe.is_file(), "PLENARY_AXE is set but {} is not a file", axe.display());
    assert!(Path::new(CHROMIUM).is_file(), "the browser suite needs Chromium at {CHROMIUM}");
    Some(Tools { chromedriver, axe })
}

/// A running ChromeDriver in a process group of its own, which the Chromium it starts joins;
/// the whole group is killed when dropped, so a failed test leaves no browser behind.
struct Driver {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Driver {
    /// Starts `chromedriver --port=P` on a free port and waits until it says it is ready.
    async fn start(binary: &Path, dir: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = dir.join("chromedriver.log");
        let child = Command::new(binary)
            .process_group(0)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", binary.display()));
        let mut driver = Driver { child, url: format!("http://127.0.0.1:{port}"), log };
        driver.wait_ready().await;
        driver
    }

    /// Polls `GET /status` until it answers `ready`, the process exits, or the deadline passes.
    async fn wait_ready(&mut self) {
        let client = reqwest::Client::new();
        let until = Instant::now() + DRIVER_START;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("chromedriver exited ({status}) before it was ready: {}", self.log_text());
            }
            let status = client.get(format!("{}/status", self.url)).send().await;
            if let Ok(response) = status {
                let body: Value = response.json().await.unwrap_or(Value::Null);
                if body["value"]["ready"] == true {
                    return;
                }
            }
            assert!(
                Instant::now() < until,
                "chromedriver not ready within {DRIVER_START:?}: {}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = rustix::process::Pid::from_child(&self.child);
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        let _ = self.child.wait();
    }
}

/// One axe-core finding.
#[derive(Debug, Deserialize)]
pub struct Violation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for.
    pub help: String,
    /// The failing elements.
    pub nodes: Vec<Offender>,
}

/// One element that breaks a rule.
#[derive(Debug, Deserialize)]
pub struct Offender {
    /// Its CSS selector.
    pub target: String,
    /// Why it fails.
    pub summary: Option<String>,
}

impl Violation {
    /// Whether the audit fails on it.
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }

    /// The finding as report lines.
    pub fn describe(&self, page: &str) -> String {
        let impact = self.impact.as_deref().unwrap_or("unknown");
        let mut text = format!("[{impact}] {page}: {} — {}", self.id, self.help);
        for node in &self.nodes {
            text.push_str(&format!("\n    at {}", node.target));
            if let Some(summary) = &node.summary {
                text.push_str(&format!("\n       {}", summary.replace('\n', "\n       ")));
            }
        }
        text
    }
}

/// A headless Chromium session, with its driver and profile (all gone when dropped).
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// axe-core's source, injected into each audited page.
    axe: String,
    driver: Driver,
    /// Chromium's fresh profile directory (and the driver's log).
    _profile: TempDir,
}

impl Browser {
    /// Starts ChromeDriver and opens a session with a fresh profile, the window at desktop size.
    pub async fn start(tools: &Tools) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let driver = Driver::start(&tools.chromedriver, profile.path()).await;
        let data_dir = profile.path().join("chromium");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", data_dir.display()));
        args.push(format!("--window-size={},{}", WINDOWS[0].0, WINDOWS[0].1));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {"intl.accept_languages": "en"},
            },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|err| {
                panic!("no Chromium session: {err}\nchromedriver log: {}", driver.log_text())
            });
        let axe = std::fs::read_to_string(&tools.axe).unwrap();
        Browser { client, axe, driver, _profile: profile }
    }

    /// Ends the session (then the driver and profile go when dropped).
    pub async fn close(self) {
        let Browser { client, driver, _profile, .. } = self;
        client.close().await.unwrap();
        drop(driver);
    }

    /// Opens `url` and waits for it to load.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|err| panic!("open {url}: {err}"));
    }

    /// The path (and query) of the page the browser shows.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The first element matching `css`.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let page = self.path().await;
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("no {css} on {page}: {err}"))
    }

    /// Whether an element matches `css`.
    pub async fn has(&self, css: &str) -> bool {
        !self.client.find_all(Locator::Css(css)).await.unwrap().is_empty()
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            texts.push(element.text().await.unwrap());
        }
        texts
    }

    /// What the page loaded: the bytes of its HTML (decoded), and the address of every
    /// stylesheet, script, image and other resource it asked for (from the Resource Timing API
    /// and the elements that name one, so a resource served from the cache still counts).
    pub async fn loaded(&self) -> (u64, Vec<String>) {
        let script = "const nav = performance.getEntriesByType('navigation')[0]; \
                      const timed = performance.getEntriesByType('resource').map(e => e.name); \
                      const named = [...document.querySelectorAll('[src], link[rel~=stylesheet], link[rel~=icon]')] \
                          .map(e => e.src || e.href); \
                      return [nav ? nav.decodedBodySize : 0, timed.concat(named)];";
        let answer = self.client.execute(script, vec![]).await.unwrap();
        let html = answer[0].as_u64().unwrap_or(0);
        let urls = answer[1].as_array().unwrap().iter();
        (html, urls.filter_map(|u| u.as_str().map(str::to_owned)).collect())
    }

    /// The `lang` and `dir` attributes of the page's `<html>`.
    pub async fn lang_dir(&self) -> (String, String) {
        let html = self.find("html").await;
        let lang = html.attr("lang").await.unwrap().unwrap_or_default();
        let dir = html.attr("dir").await.unwrap().unwrap_or_default();
        (lang, dir)
    }

    /// Clicks the first element matching `css` (a link or a submit button) and waits for the
    /// page it leads to.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        let before = self.find("html").await;
        element.click().await.unwrap();
        self.wait_until_gone(&before, css).await;
    }

    /// Waits until `element` (of the page before a navigation) is detached, so the next page
    /// is the one the browser shows.
    async fn wait_until_gone(&self, element: &fantoccini::elements::Element, what: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while element.tag_name().await.is_ok() {
            assert!(Instant::now() < until, "clicking {what} led to no new page within 20 s");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let ready = "return document.readyState";
        while self.client.execute(ready, vec![]).await.unwrap() != "complete" {
            assert!(Instant::now() < until, "the page after {what} did not load within 20 s");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Clicks the element matching `css` that changes the form, not the page (an option, a
    /// radio button, a checkbox).
    pub async fn choose(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Types `text` into the field matching `css` (after clearing it).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Switches the interface language with the switch every page carries.
    pub async fn switch_language(&self, tag: &str) {
        let button = format!(".language-switch button[value=\"{tag}\"]");
        assert!(
            self.has(&button).await,
            "the language switch on {} offers no {tag:?} (no locales/{tag}/ in the binary?)",
            self.path().await
        );
        self.click(&button).await;
        assert_eq!(self.lang_dir().await.0, tag, "the page is in {tag} after the switch");
    }

    /// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page the browser shows.
    pub async fn axe(&self) -> Vec<Violation> {
        // The script runs through WebDriver, not as a page script, so the page's
        // Content-Security-Policy (no inline script) does not apply to it.
        self.client.execute(&self.axe, vec![]).await.unwrap();
        let loaded = self.client.execute("return typeof window.axe", vec![]).await.unwrap();
        assert_eq!(loaded, "object", "axe-core did not load into {}", self.path().await);
        let script = r#"
            const [tags, done] = arguments;
            axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
              .then(result => done({violations: result.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
              }))}))
              .catch(err => done({error: String(err)}));
        "#;
        let result = self.client.execute_async(script, vec![json!(AXE_TAGS)]).await.unwrap();
        assert!(result["error"].is_null(), "axe-core failed: {}", result["error"]);
        serde_json::from_value(result["violations"].clone()).unwrap()
    }

    /// Resizes the window so the page's viewport is `width`×`height` CSS pixels: the window's
    /// own frame, even headless, takes some of the window's size, and the page learns of a
    /// resize a moment after the command returns, so this waits for it.
    pub async fn resize(&self, (width, height): (u32, u32)) {
        self.client.set_window_size(width, height).await.unwrap();
        let [_, inner_height, _, _] = self.window_metrics(|[_, _, _, outer]| outer == height).await;
        let outer_height = 2 * height - inner_height.min(height);
        self.client.set_window_size(width, outer_height).await.unwrap();
        self.window_metrics(|[inner_width, inner_height, _, _]| {
            (inner_width, inner_height) == (width, height)
        })
        .await;
    }

    /// `[innerWidth, innerHeight, outerWidth, outerHeight]` once `settled` holds of them.
    async fn window_metrics(&self, settled: impl Fn([u32; 4]) -> bool) -> [u32; 4] {
        let script = "return [innerWidth, innerHeight, outerWidth, outerHeight]";
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            let value = self.client.execute(script, vec![]).await.unwrap();
            let metrics: [u32; 4] = serde_json::from_value(value).unwrap();
            if settled(metrics) {
                return metrics;
            }
            assert!(Instant::now() < until, "the window did not settle within 10 s: {metrics:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The page's full height at the current width.
    async fn page_height(&self) -> u32 {
        let script = "return Math.ceil(document.documentElement.scrollHeight)";
        serde_json::from_value(self.client.execute(script, vec![]).await.unwrap()).unwrap()
    }

    /// Photographs the page at `window` twice: what the window shows
    /// (`<name>-<width>.png`) and, the window stretched to the page's height, all of it
    /// (`<name>-<width>-full.png`). Leaves the window at `window`.
    pub async fn photograph(&self, name: &str, window: (u32, u32)) {
        self.screenshot(&format!("{name}-{}", window.0)).await;
        let height = self.page_height().await;
        if height > window.1 {
            self.resize((window.0, height.min(FULL_PAGE_LIMIT))).await;
            self.screenshot(&format!("{name}-{}-full", window.0)).await;
            self.resize(window).await;
        }
    }

    /// Writes what the window shows to `target/portal-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

/// `target/portal-screenshots`, beside the binary under test's profile directory.
pub fn screenshot_dir() -> PathBuf {
    let binary = Path::new(env!("CARGO_BIN_EXE_plenary"));
    let target = binary.parent().and_then(Path::parent).expect("the binary is in target/<profile>");
    target.join("portal-screenshots")
}

/// The portal under test: the real `plenary serve` in a temporary directory, with the first
/// admin's password and an API token of theirs for setting up data.
pub struct Portal {
    /// The running node.
    pub server: Server,
    /// The first admin's password, as `plenary serve` printed it.
    pub password: String,
    /// An API token of the first admin, from `plenary token create`.
    pub token: String,
    /// The node's directory (files for uploads go here too).
    pub dir: TempDir,
}

impl Portal {
    /// `plenary init` and `plenary serve` for an organisation, and a token for the admin.
    pub async fn start() -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let listen = process::released_address();
        let init = process::init(
            &dir.path().join("node"),
            "Organisation for Browser Testing",
            "OBT",
            &listen,
        )
        .await;
        let server = process::serve(&init.config).await;
        let password = server.password.clone().expect("the first start prints the password");
        let args = ["token", "create", "browser-suite", "--user", "admin"];
        let token = init.run(&args).await.ok("token create").trim().to_owned();
        Portal { server, password, token, dir }
    }

    /// `http://127.0.0.1:PORT/PATH`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    /// The status `GET path` answers an anonymous reader (without following redirects).
    pub async fn status(&self, path: &str) -> u16 {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        client.get(self.url(path)).send().await.unwrap().status().as_u16()
    }

    /// Stores `bytes` as a blob; the attachment entry naming it.
    pub async fn upload(&self, bytes: Vec<u8>, name: &str, media_type: &str) -> Value {
        let response = reqwest::Client::new()
            .post(self.url("/api/v1/blobs"))
            .bearer_auth(&self.token)
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "upload {name}");
        let stored: Value = response.json().await.unwrap();
        json!({"sha256": stored["sha256"], "size": stored["size"], "media_type": media_type, "name": name})
    }

    /// Publishes a record through the API; its id.
    pub async fn publish(&self, kind: &str, visibility: Value, body: Value) -> String {
        let response = reqwest::Client::new()
            .post(self.url("/api/v1/records"))
            .bearer_auth(&self.token)
            .json(&json!({"kind": kind, "visibility": visibility, "body": body}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let value: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "publish {kind}: {value}");
        value["id"].as_str().unwrap().to_owned()
    }

    /// Waits until an anonymous API search for `query` finds `id` (the index is near real
    /// time, and a file's text is extracted after it is stored).
    pub async fn searchable(&self, token: Option<&str>, query: &str, id: &str) {
        let client = reqwest::Client::new();
        let url = self.url("/api/v1/search");
        process::eventually(&format!("{id} found by {query:?}"), Duration::from_secs(60), || {
            let mut request = client.get(&url).query(&[("q", query)]);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            async move {
                let Ok(response) = request.send().await else { return false };
                let found: Value = response.json().await.unwrap_or(Value::Null);
                found["hits"].as_array().is_some_and(|hits| hits.iter().any(|h| h["id"] == id))
            }
        })
        .await;
    }
}
