//! Text extraction measured on the real documents in `$PLENARY_CORPUS/05-documents`: every PDF,
//! DOCX, ODT, HTML and TXT file goes through the worker process (`extract_isolated`, so a crash
//! is counted, not fatal) and is scored against a reference:
//!
//! - PDF: the words `pdftotext` (poppler-utils) finds, when it is installed; otherwise the words
//!   of the 140-character preview in `INVENTORY.tsv` plus a character-count ratio. A file passes
//!   when its text holds at least 80 % of the reference words (DESIGN §10). Files whose
//!   reference needed a user password are counted apart: they must be reported as encrypted.
//! - DOCX: the words of the paragraph preview in `INVENTORY.tsv` (read from `document.xml`).
//! - ODT: the `source.odt` files are the sources of the PDFs beside them, so the sibling PDF's
//!   reference is theirs.
//! - HTML/TXT: INVENTORY has no text for them; a few words checked by hand per file (`PROBES`).
//!
//! `cargo bench --bench extract_corpus` (all files) or `-- --smoke` (about ten files).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use plenary::extract::{Limits, Outcome, extract_isolated};

/// Share of the reference words a file's text must contain to pass.
const PASS_SHARE: f64 = 0.8;
/// In preview scoring, the least share of pdftotext's character count the text must reach.
const MIN_CHAR_RATIO: f64 = 0.5;

/// Hand-checked words for the HTML and text files, which INVENTORY gives no text for.
const PROBES: &[(&str, &[&str])] = &[
    ("tika-test-documents/html-txt/french.txt", &["c’est", "comme", "ça"]),
    ("tika-test-documents/html-txt/multi-language.txt", &["English", "ABC", "internship"]),
    ("tika-test-documents/html-txt/russian.cp866.txt", &["Однажды", "студеную", "мороз"]),
    ("tika-test-documents/html-txt/test.html", &["Hello", "World"]),
    ("tika-test-documents/html-txt/testArabicMisleadingCharset.html", &["قرية", "الحياة"]),
    ("tika-test-documents/html-txt/testBrokenHTMLContainingRFC822.html", &["heading", "Original"]),
    ("tika-test-documents/html-txt/testHTMLBadScript.html", &["This", "test"]),
    ("tika-test-documents/html-txt/testHTML_charset_utf16le.html", &["sample", "text"]),
    ("tika-test-documents/html-txt/testHTML_charset_utf8.html", &["sample", "text"]),
    ("tika-test-documents/html-txt/testHTML_utf8.html", &["åäö"]),
    ("tika-test-documents/html-txt/testTXTNonASCIIUTF8.txt", &["über", "Fuchs", "الكلب"]),
    ("tika-test-documents/html-txt/testTXT_win-1252.txt", &["“windows”", "quotes"]),
    ("tika-test-documents/html-txt/test_ignore_IBM420.html", &["Luis", "morning"]),
    ("tika-test-documents/LICENSE.txt", &["Apache", "License"]),
    ("tika-test-documents/NOTICE.txt", &["Apache", "Tika"]),
    ("pdf/py-pdf-sample-files/015-arabic/habibi.html", &["habibi"]),
];

/// One row of INVENTORY.tsv, by column name.
struct Row(HashMap<String, String>);

impl Row {
    fn get(&self, column: &str) -> &str {
        self.0.get(column).map(String::as_str).unwrap_or_default()
    }
}

fn read_inventory(dir: &Path) -> HashMap<String, Row> {
    let text = std::fs::read_to_string(dir.join("INVENTORY.tsv")).expect("INVENTORY.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    lines
        .map(|line| {
            let cells = line.split('\t').map(str::to_owned);
            let row: HashMap<String, String> =
                header.iter().map(|name| (*name).to_owned()).zip(cells).collect();
            (row.get("path").cloned().unwrap_or_default(), Row(row))
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Pdf,
    Docx,
    Odt,
    Html,
    Txt,
}

impl Kind {
    fn of(path: &str) -> Option<Kind> {
        match path.rsplit('.').next()? {
            "pdf" => Some(Kind::Pdf),
            "docx" => Some(Kind::Docx),
            "odt" => Some(Kind::Odt),
            "html" | "htm" => Some(Kind::Html),
            "txt" => Some(Kind::Txt),
            _ => None,
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Html => "text/html",
            Kind::Txt => "text/plain",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Docx => "DOCX",
            Kind::Odt => "ODT",
            Kind::Html => "HTML",
            Kind::Txt => "TXT",
        }
    }
}

/// What a file's text is judged against.
enum Reference {
    /// Reference words, and (preview scoring) the reference's character count.
    Words { words: HashSet<String>, chars: Option<usize> },
    /// The reference needed a user password we do not have: must be reported as encrypted.
    NeedsPassword,
    /// No reference text (broken, image-only or empty files).
    None,
}

/// Words for scoring: lowercased runs of letters and digits, each CJK character on its own,
/// typographic ligatures spelled out.
fn words(text: &str) -> HashSet<String> {
    let mut set = HashSet::new();
    let mut current = String::new();
    let unligatured = text
        .replace('ﬀ', "ff")
        .replace('ﬁ', "fi")
        .replace('ﬂ', "fl")
        .replace('ﬃ', "ffi")
        .replace('ﬄ', "ffl")
        .replace(['ﬅ', 'ﬆ'], "st");
    for c in unligatured.chars().map(unshape) {
        if is_cjk(c) {
            set.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            set.insert(c.to_string());
        } else if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            set.insert(std::mem::take(&mut current));
        }
    }
    set.extend((!current.is_empty()).then_some(current));
    set
}

/// Arabic presentation forms B (U+FE80–U+FEF4) as their base letters: `(first form, forms,
/// letter)`. pdftotext keeps the shaped forms some PDFs carry; scoring compares letters.
const ARABIC_FORMS: &[(u32, u32, char)] = &[
    (0xfe80, 1, 'ء'),
    (0xfe81, 2, 'آ'),
    (0xfe83, 2, 'أ'),
    (0xfe85, 2, 'ؤ'),
    (0xfe87, 2, 'إ'),
    (0xfe89, 4, 'ئ'),
    (0xfe8d, 2, 'ا'),
    (0xfe8f, 4, 'ب'),
    (0xfe93, 2, 'ة'),
    (0xfe95, 4, 'ت'),
    (0xfe99, 4, 'ث'),
    (0xfe9d, 4, 'ج'),
    (0xfea1, 4, 'ح'),
    (0xfea5, 4, 'خ'),
    (0xfea9, 2, 'د'),
    (0xfeab, 2, 'ذ'),
    (0xfead, 2, 'ر'),
    (0xfeaf, 2, 'ز'),
    (0xfeb1, 4, 'س'),
    (0xfeb5, 4, 'ش'),
    (0xfeb9, 4, 'ص'),
    (0xfebd, 4, 'ض'),
    (0xfec1, 4, 'ط'),
    (0xfec5, 4, 'ظ'),
    (0xfec9, 4, 'ع'),
    (0xfecd, 4, 'غ'),
    (0xfed1, 4, 'ف'),
    (0xfed5, 4, 'ق'),
    (0xfed9, 4, 'ك'),
    (0xfedd, 4, 'ل'),
    (0xfee1, 4, 'م'),
    (0xfee5, 4, 'ن'),
    (0xfee9, 4, 'ه'),
    (0xfeed, 2, 'و'),
    (0xfeef, 2, 'ى'),
    (0xfef1, 4, 'ي'),
];

fn unshape(c: char) -> char {
    let code = c as u32;
    ARABIC_FORMS
        .iter()
        .find(|(first, forms, _)| (*first..first + forms).contains(&code))
        .map_or(c, |(_, _, letter)| *letter)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// The words of an INVENTORY preview; a cut-off last word is dropped.
fn preview_words(preview: &str) -> HashSet<String> {
    let mut set = words(preview);
    if preview.chars().count() >= 140 {
        let last = preview.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty());
        if let Some(last) = last {
            set.remove(&last.to_lowercase());
        }
    }
    set
}

async fn pdftotext_available() -> bool {
    let probe = tokio::process::Command::new("pdftotext").arg("-v").output().await;
    probe.is_ok()
}

/// pdftotext's text of `path` (with `password` if given), or `None` if it fails.
async fn pdftotext(path: &Path, password: &str, max_pages: usize) -> Option<String> {
    let mut command = tokio::process::Command::new("pdftotext");
    command.args(["-q", "-enc", "UTF-8", "-l", &max_pages.to_string()]);
    if !password.is_empty() {
        command.args(["-upw", password]);
    }
    command.arg(path).arg("-").stdin(Stdio::null()).stderr(Stdio::null()).kill_on_drop(true);
    let output =
        tokio::time::timeout(Duration::from_secs(60), command.output()).await.ok()?.ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.success() && !text.trim().is_empty()).then_some(text)
}

struct Scorer {
    dir: PathBuf,
    inventory: HashMap<String, Row>,
    use_pdftotext: bool,
    max_pages: usize,
}

impl Scorer {
    async fn reference(&self, name: &str, kind: Kind) -> Reference {
        match kind {
            Kind::Pdf => self.pdf_reference(name, true).await,
            Kind::Odt => {
                let sibling = self.sibling_pdf(name);
                match sibling {
                    Some(pdf) => self.pdf_reference(&pdf, false).await,
                    None => Reference::None,
                }
            }
            Kind::Docx => {
                let row = self.inventory.get(name);
                let preview = row.map(|r| r.get("extracted_text_head_or_error")).unwrap_or("");
                let paragraphs: usize = row
                    .and_then(|r| r.get("extracted_chars_or_docx_paragraphs").parse().ok())
                    .unwrap_or(0);
                let words = preview_words(preview);
                if paragraphs == 0 || words.is_empty() {
                    Reference::None
                } else {
                    Reference::Words { words, chars: None }
                }
            }
            Kind::Html | Kind::Txt => match PROBES.iter().find(|(file, _)| *file == name) {
                Some((_, probe)) => Reference::Words {
                    words: probe.iter().flat_map(|w| words(w)).collect(),
                    chars: None,
                },
                None => Reference::None,
            },
        }
    }

    /// The PDF beside an ODT in the same directory (the py-pdf samples are built from them).
    fn sibling_pdf(&self, name: &str) -> Option<String> {
        let parent = Path::new(name).parent()?;
        let mut pdfs: Vec<&String> = self
            .inventory
            .keys()
            .filter(|path| Path::new(path).parent() == Some(parent) && path.ends_with(".pdf"))
            .collect();
        pdfs.sort();
        pdfs.first().map(|path| (*path).clone())
    }

    /// `own` is false when scoring another file (an ODT) against this PDF: then a password
    /// is used to get the reference rather than making it "needs password".
    async fn pdf_reference(&self, name: &str, own: bool) -> Reference {
        let Some(row) = self.inventory.get(name) else { return Reference::None };
        let password = row.get("password_used");
        if own && !password.is_empty() {
            return Reference::NeedsPassword;
        }
        if self.use_pdftotext {
            let text = pdftotext(&self.dir.join(name), password, self.max_pages).await;
            return match text.map(|text| words(&text)) {
                Some(words) if !words.is_empty() => Reference::Words { words, chars: None },
                _ => Reference::None,
            };
        }
        let chars: usize = row.get("extracted_chars_or_docx_paragraphs").parse().unwrap_or(0);
        let words = preview_words(row.get("extracted_text_head_or_error"));
        if chars == 0 || words.is_empty() {
            Reference::None
        } else {
            Reference::Words { words, chars: Some(chars) }
        }
    }
}

/// Share of the reference words found, and whether that passes.
fn score(reference: &HashSet<String>, chars: Option<usize>, text: &str) -> (f64, bool) {
    let found = words(text);
    let share = reference.intersection(&found).count() as f64 / reference.len().max(1) as f64;
    let long_enough =
        chars.is_none_or(|chars| text.chars().count() as f64 >= chars as f64 * MIN_CHAR_RATIO);
    (share, share >= PASS_SHARE && long_enough)
}

/// How one file went.
struct Run {
    name: String,
    kind: Kind,
    outcome: Outcome,
    took: Duration,
    reference: Reference,
    share: f64,
    passed: bool,
}

impl Run {
    fn crashed(&self) -> bool {
        let Outcome::Unavailable { reason } = &self.outcome else { return false };
        ["extractor", "timed out", "out of memory", "cpu time"]
            .iter()
            .any(|p| reason.starts_with(p))
    }
}

fn corpus_dir() -> PathBuf {
    let Some(root) = std::env::var_os("PLENARY_CORPUS") else {
        eprintln!("extract_corpus needs PLENARY_CORPUS=/path/to/shared/corpus (with 05-documents)");
        std::process::exit(2);
    };
    let dir = PathBuf::from(root).join("05-documents");
    if !dir.is_dir() {
        eprintln!("PLENARY_CORPUS is set, but {} does not exist", dir.display());
        std::process::exit(2);
    }
    dir
}

fn worker() -> PathBuf {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_plenary"));
    if !exe.is_file() {
        eprintln!("no worker binary at {}: run `cargo build --release` first", exe.display());
        std::process::exit(2);
    }
    exe
}

/// The files to measure: every PDF/DOCX/ODT/HTML/TXT, or about ten of them for `--smoke`.
fn select(dir: &Path, inventory: &HashMap<String, Row>, smoke: bool) -> Vec<(String, Kind)> {
    let mut files: Vec<(String, Kind)> = inventory
        .keys()
        .filter(|name| dir.join(name).is_file())
        .filter_map(|name| Kind::of(name).map(|kind| (name.clone(), kind)))
        .collect();
    files.sort();
    if smoke {
        let quota = |kind: Kind| match kind {
            Kind::Pdf => 4,
            Kind::Docx => 3,
            Kind::Odt | Kind::Html | Kind::Txt => 1,
        };
        let mut taken: HashMap<Kind, usize> = HashMap::new();
        files.retain(|(_, kind)| {
            let count = taken.entry(*kind).or_default();
            *count += 1;
            *count <= quota(*kind)
        });
    }
    files
}

async fn measure(scorer: &Scorer, exe: &Path, files: Vec<(String, Kind)>) -> Vec<Run> {
    let limits = Limits::default();
    let mut runs = Vec::new();
    for (name, kind) in files {
        let reference = scorer.reference(&name, kind).await;
        let started = Instant::now();
        let outcome =
            extract_isolated(exe, &scorer.dir.join(&name), kind.media_type(), &limits).await;
        let took = started.elapsed();
        let (share, passed) = match (&reference, &outcome) {
            (Reference::Words { words, chars }, Outcome::Text { text }) => {
                score(words, *chars, text)
            }
            _ => (0.0, false),
        };
        runs.push(Run { name, kind, outcome, took, reference, share, passed });
    }
    runs
}

/// Median and 95th percentile of `times`, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0);
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.95))
}

/// Worker start-up cost: isolated extraction of a tiny text file, median of 20.
async fn startup_baseline(exe: &Path) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.txt");
    std::fs::write(&path, "hello").unwrap();
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let _ = extract_isolated(exe, &path, "text/plain", &Limits::default()).await;
        times.push(started.elapsed());
    }
    percentiles(times).0
}

fn print_table(runs: &[Run]) {
    println!(
        "\n| format | files | text | unavailable | crashed/timed out | with reference | pass | needs password → reported encrypted | median ms | p95 ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut by_kind: BTreeMap<Kind, Vec<&Run>> = BTreeMap::new();
    for run in runs {
        by_kind.entry(run.kind).or_default().push(run);
    }
    let all: Vec<&Run> = runs.iter().collect();
    for (label, group) in by_kind.iter().map(|(k, g)| (k.name(), g)).chain([("all", &all)]) {
        print_row(label, group);
    }
}

fn print_row(label: &str, group: &[&Run]) {
    let text = group.iter().filter(|r| matches!(r.outcome, Outcome::Text { .. })).count();
    let crashed = group.iter().filter(|r| r.crashed()).count();
    let unavailable = group.len() - text - crashed;
    let with_ref = group.iter().filter(|r| matches!(r.reference, Reference::Words { .. })).count();
    let passed = group.iter().filter(|r| r.passed).count();
    let locked: Vec<&&Run> =
        group.iter().filter(|r| matches!(r.reference, Reference::NeedsPassword)).collect();
    let reported = locked.iter().filter(|r| reason(r).contains("encrypt")).count();
    let (median, p95) = percentiles(group.iter().map(|r| r.took).collect());
    println!(
        "| {label} | {} | {text} | {unavailable} | {crashed} | {with_ref} | {passed} | {} → {reported} | {median:.1} | {p95:.1} |",
        group.len(),
        locked.len()
    );
}

fn reason(run: &Run) -> &str {
    match &run.outcome {
        Outcome::Unavailable { reason } => reason,
        Outcome::Text { .. } => "",
    }
}

fn print_failures(runs: &[Run]) {
    println!("\nFiles with a reference that did not pass:");
    for run in runs.iter().filter(|r| matches!(r.reference, Reference::Words { .. }) && !r.passed) {
        match &run.outcome {
            Outcome::Text { text } => println!(
                "  {}: text, {:.0} % of reference words ({} chars): {:?}",
                run.name,
                run.share * 100.0,
                text.chars().count(),
                text.chars().take(60).collect::<String>()
            ),
            Outcome::Unavailable { reason } => println!("  {}: unavailable: {reason}", run.name),
        }
    }
    println!("\nUnavailable (all files), by reason:");
    let mut reasons: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for run in runs {
        if let Outcome::Unavailable { reason } = &run.outcome {
            reasons.entry(reason).or_default().push(&run.name);
        }
    }
    for (reason, names) in reasons {
        println!("  {reason} ({}): {}", names.len(), names.join(", "));
    }
}

fn main() {
    let smoke = std::env::args().any(|arg| arg == "--smoke");
    let dir = corpus_dir();
    let exe = worker();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let inventory = read_inventory(&dir);
        let use_pdftotext = pdftotext_available().await;
        let files = select(&dir, &inventory, smoke);
        let scorer =
            Scorer { dir, inventory, use_pdftotext, max_pages: Limits::default().max_pages };
        println!(
            "extract_corpus: {} files{}; PDF scoring: {}",
            files.len(),
            if smoke { " (smoke)" } else { "" },
            if use_pdftotext {
                "words of pdftotext's output (poppler-utils, run now)"
            } else {
                "pdftotext not installed: words of INVENTORY's 140-char preview + char count ≥ 50 %"
            }
        );
        let startup = startup_baseline(&exe).await;
        let started = Instant::now();
        let runs = measure(&scorer, &exe, files).await;
        print_table(&runs);
        println!(
            "\nbaseline: worker start-up (tiny text file through the worker) median {startup:.1} ms; \
             whole run {:.1} s",
            started.elapsed().as_secs_f64()
        );
        print_failures(&runs);
    });
}
