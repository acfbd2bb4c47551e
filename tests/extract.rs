//! Text extraction: every format from small files built here (DOCX/ODT with the `zip` writer, a
//! hand-written PDF with a correct xref, HTML and text in several encodings), the limits (zip
//! bombs, page limit, truncation), broken and random input, and the worker process (a good
//! file, a timeout, a memory limit). The `corpus` module runs every file of
//! `$PLENARY_CORPUS/05-documents` through the worker when that variable is set.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{Cursor, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use plenary::extract::{Limits, Outcome, extract_bytes, extract_isolated};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

mod common;

use common::pdf::{pdf, pdf_with_streams};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ODT: &str = "application/vnd.oasis.opendocument.text";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn limits() -> Limits {
    Limits { timeout: Duration::from_secs(30), ..Limits::default() }
}

fn text_of(outcome: Outcome) -> String {
    match outcome {
        Outcome::Text { text } => text,
        Outcome::Unavailable { reason } => panic!("expected text, got unavailable: {reason}"),
    }
}

fn reason_of(outcome: Outcome) -> String {
    match outcome {
        Outcome::Unavailable { reason } => reason,
        Outcome::Text { text } => panic!("expected unavailable, got text: {text:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Builders

/// A zip of `(name, bytes)` members, deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn content_types(overrides: &[(&str, &str)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    );
    for (part, kind) in overrides {
        xml.push_str(&format!(
            r#"<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>"#
        ));
    }
    xml.push_str("</Types>");
    xml
}

/// A DOCX whose body (inside `<w:body>`) is `body`, with optional footnotes.
fn docx(body: &str, footnotes: Option<&str>) -> Vec<u8> {
    let document = format!(r#"<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#);
    let mut overrides = vec![("word/document.xml", "wordprocessingml.document.main+xml")];
    let notes =
        footnotes.map(|notes| format!(r#"<w:footnotes xmlns:w="{W_NS}">{notes}</w:footnotes>"#));
    if notes.is_some() {
        overrides.push(("word/footnotes.xml", "wordprocessingml.footnotes+xml"));
    }
    let types = content_types(&overrides);
    let mut members: Vec<(&str, &[u8])> =
        vec![("[Content_Types].xml", types.as_bytes()), ("word/document.xml", document.as_bytes())];
    if let Some(notes) = &notes {
        members.push(("word/footnotes.xml", notes.as_bytes()));
    }
    zip_of(&members)
}

fn odt(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    zip_of(&[("mimetype", ODT.as_bytes()), ("content.xml", content.as_bytes())])
}

/// Deterministic pseudo-random bytes (xorshift).
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Formats

#[test]
fn docx_reads_body_and_footnotes_and_skips_deletions_fields_and_ruby() {
    let body = r#"<w:p><w:r><w:t>Général</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">assembly </w:t></w:r>
        <w:del w:id="1"><w:r><w:delText>withdrawn</w:delText></w:r></w:del>
        <w:r><w:instrText> HYPERLINK "http://example.org" </w:instrText></w:r>
        <w:r><w:t>resolution&amp;annex</w:t></w:r></w:p>
        <w:p><w:r><w:ruby><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let notes =
        r#"<w:footnote w:id="1"><w:p><w:r><w:t>Footnote words</w:t></w:r></w:p></w:footnote>"#;
    let text = text_of(extract_bytes(&docx(body, Some(notes)), DOCX, &limits()));
    for expected in
        ["Général\tassembly", "resolution&annex", "東京", "cell1", "cell2", "Footnote words"]
    {
        assert!(text.contains(expected), "{expected:?} missing from {text:?}");
    }
    for unwanted in ["withdrawn", "HYPERLINK", "とうきょう"] {
        assert!(!text.contains(unwanted), "{unwanted:?} leaked into {text:?}");
    }
}

#[test]
fn docx_main_part_is_found_through_content_types_with_any_prefix() {
    let document = r#"<ns0:document xmlns:ns0="http://purl.oclc.org/ooxml/wordprocessingml/main"><ns0:body><ns0:p><ns0:r><ns0:t>Strict prefix text</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#;
    let types = content_types(&[("custom/main.xml", "wordprocessingml.document.main+xml")]);
    let bytes = zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("custom/main.xml", document.as_bytes()),
    ]);
    // Declared as something generic: the zip is sniffed.
    let text = text_of(extract_bytes(&bytes, "application/octet-stream", &limits()));
    assert_eq!(text, "Strict prefix text");
}

#[test]
fn odt_reads_paragraphs_headings_spans_and_spaces() {
    let body = r#"<text:h text:outline-level="1">Charter</text:h><text:p>We the <text:span>peoples</text:span><text:s text:c="3"/>of the<text:tab/>United Nations<text:line-break/>determined</text:p>
        <text:tracked-changes><text:changed-region><text:deletion><text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>"#;
    let text = text_of(extract_bytes(&odt(body), ODT, &limits()));
    assert_eq!(text, "Charter\nWe the peoples of the\tUnited Nations\ndetermined");
}

#[test]
fn html_decodes_utf8_utf16_and_legacy_charsets_and_skips_scripts() {
    let page = "<html><head><title>Titre</title><script>var hidden = 1;</script><style>p {}</style></head><body><p>Résolution adoptée</p><div>par l’Assemblée</div></body></html>";
    let expect = |bytes: &[u8]| {
        let text = text_of(extract_bytes(bytes, "text/html", &limits()));
        assert!(
            text.contains("Résolution adoptée") && text.contains("par l’Assemblée"),
            "{text:?}"
        );
        assert!(text.starts_with("Titre") && !text.contains("hidden") && !text.contains("p {}"));
    };
    expect(page.as_bytes());
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    expect(&latin);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(page.encode_utf16().flat_map(u16::to_le_bytes));
    expect(&utf16);
}

#[test]
fn html_with_a_lying_charset_is_decoded_by_its_content() {
    let arabic =
        "في قرية من القرى كان هناك رجل حكيم يعرف كل شيء عن الحياة وكان يعلم الناس كيف يعيشون";
    let page = format!(
        r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>{arabic}</p></body></html>"#
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let text = text_of(extract_bytes(&bytes, "text/html; charset=utf-8", &limits()));
    assert!(text.contains("الحياة"), "{text:?}");
}

#[test]
fn plain_text_in_utf8_latin1_cp866_and_utf16() {
    let french = "Le café coûte très cher à Genève, déjà dit l’économiste.";
    let russian = "Однажды, в студёную зимнюю пору, я из лесу вышел; был сильный мороз.";
    let check = |bytes: &[u8], expected: &str| {
        let text = text_of(extract_bytes(bytes, "text/plain", &limits()));
        assert_eq!(text, expected);
    };
    check(format!("\u{feff}{french}").as_bytes(), french);
    check(&encoding_rs::WINDOWS_1252.encode(french).0, french);
    check(&encoding_rs::IBM866.encode(russian).0, russian);
    let utf16be: Vec<u8> =
        [0xfe, 0xff].into_iter().chain(russian.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    check(&utf16be, russian);
}

#[test]
fn output_is_normalised_and_truncated() {
    let messy = "one  \u{0}two\u{7}\r\n\n\n\nthree\t\tfour   ";
    assert_eq!(
        text_of(extract_bytes(messy.as_bytes(), "text/plain", &limits())),
        "one two\n\nthree\tfour"
    );
    let long = "word ".repeat(10_000);
    let small = Limits { max_output_chars: 12, ..limits() };
    assert_eq!(text_of(extract_bytes(long.as_bytes(), "text/plain", &small)), "word word wo");
}

#[test]
fn pdf_text_is_extracted_from_a_handmade_file() {
    let text =
        text_of(extract_bytes(&pdf(&["Hello United Nations"]), "application/pdf", &limits()));
    assert!(text.contains("Hello United Nations"), "{text:?}");
}

#[test]
fn pdf_reading_stops_at_the_page_limit() {
    let bytes = pdf(&["alpha page", "bravo page", "charlie page"]);
    let two_pages = Limits { max_pages: 2, ..limits() };
    let text = text_of(extract_bytes(&bytes, "application/pdf", &two_pages));
    assert!(text.contains("alpha") && text.contains("bravo"), "{text:?}");
    assert!(!text.contains("charlie"), "{text:?}");
}

#[test]
fn pdf_without_text_is_reported_as_image_only() {
    let bytes = pdf(&[""]);
    let reason = reason_of(extract_bytes(&bytes, "application/pdf", &limits()));
    assert!(reason.contains("no text"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// Limits and hostile input

/// A DOCX whose document.xml inflates to `inflated` bytes of one repeated character.
fn docx_bomb(inflated: usize) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file("word/document.xml", options).unwrap();
    writer
        .write_all(format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>"#).as_bytes())
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..inflated >> 20 {
        writer.write_all(&chunk).unwrap();
    }
    writer.write_all(b"</w:t></w:r></w:p></w:body></w:document>").unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn zip_bomb_is_refused_quickly_by_size_and_by_ratio() {
    let bomb = docx_bomb(64 << 20);
    assert!(bomb.len() < 1 << 20, "the bomb should be small: {} bytes", bomb.len());

    let started = Instant::now();
    let by_size = Limits { max_decompressed_bytes: 8 << 20, ..limits() };
    let reason = reason_of(extract_bytes(&bomb, DOCX, &by_size));
    assert!(reason.contains("inflates past the limit"), "{reason}");

    let by_ratio = Limits { max_decompressed_bytes: 1 << 30, max_ratio: 100, ..limits() };
    let reason = reason_of(extract_bytes(&bomb, DOCX, &by_ratio));
    assert!(reason.contains("compression ratio"), "{reason}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

/// The zip with every member's uncompressed size (local and central headers) rewritten to
/// `size`, as a bomb would lie to pass a check of declared sizes.
fn lie_about_sizes(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let starts: Vec<usize> =
            zip.windows(4).enumerate().filter(|(_, w)| w == signature).map(|(i, _)| i).collect();
        for start in starts {
            zip[start + offset..start + offset + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
    zip
}

#[test]
fn zip_bomb_with_lying_sizes_is_stopped_while_inflating() {
    // Declared sizes of 1000 bytes pass every check made before reading; the inflated bytes
    // must still be stopped (by the zip reader at the declared size, or by our counting guard).
    let liar = lie_about_sizes(docx_bomb(64 << 20), 1000);
    let started = Instant::now();
    let reason = reason_of(extract_bytes(&liar, DOCX, &limits()));
    assert!(
        reason.starts_with("broken zip container") || reason.contains("zip member"),
        "{reason}"
    );
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[test]
fn broken_truncated_and_random_input_is_unavailable_never_a_panic() {
    let good_pdf = pdf(&["Hello"]);
    let good_docx = docx("<w:p><w:r><w:t>Hello</w:t></w:r></w:p>", None);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated pdf", good_pdf[..good_pdf.len() / 3].to_vec(), "application/pdf"),
        ("truncated docx", good_docx[..good_docx.len() / 2].to_vec(), DOCX),
        ("zip magic then junk", [b"PK\x03\x04".as_slice(), &random_bytes(1, 4000)].concat(), DOCX),
        (
            "pdf magic then junk",
            [b"%PDF-1.7\n".as_slice(), &random_bytes(2, 4000)].concat(),
            "application/pdf",
        ),
        ("empty", Vec::new(), "text/plain"),
        ("zip without a document", zip_of(&[("hello.txt", b"hello")]), "application/zip"),
        ("pdf type, no pdf inside", b"1 0 obj << >> endobj".to_vec(), "application/pdf"),
    ];
    for (name, bytes, media_type) in cases {
        let reason = reason_of(extract_bytes(&bytes, media_type, &limits()));
        assert!(!reason.is_empty(), "{name}");
    }
    for seed in 0..50 {
        let bytes = random_bytes(seed, 256 + seed as usize * 97);
        for media_type in ["application/pdf", DOCX, ODT, "text/html", "application/octet-stream"] {
            let _ = extract_bytes(&bytes, media_type, &limits());
        }
    }
}

#[test]
fn password_protected_ooxml_is_reported_as_encrypted() {
    let mut ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    ole.extend(random_bytes(3, 512));
    ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    let reason = reason_of(extract_bytes(&ole, DOCX, &limits()));
    assert!(reason.contains("encrypted"), "{reason}");
}

#[test]
fn password_protected_odt_is_reported_as_encrypted() {
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#;
    let bytes = zip_of(&[
        ("mimetype", ODT.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", &random_bytes(4, 2000)),
    ]);
    let reason = reason_of(extract_bytes(&bytes, ODT, &limits()));
    assert!(reason.contains("encrypted"), "{reason}");
}

#[test]
fn input_over_the_size_limit_is_refused() {
    let small = Limits { max_input_bytes: 10, ..limits() };
    let reason = reason_of(extract_bytes(b"more than ten bytes", "text/plain", &small));
    assert!(reason.contains("too large"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// The worker process

fn worker() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_plenary"))
}

#[tokio::test]
async fn isolated_extraction_returns_text_for_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("good.docx");
    std::fs::write(&path, docx("<w:p><w:r><w:t>Isolated hello</w:t></w:r></w:p>", None)).unwrap();
    let outcome = extract_isolated(worker(), &path, DOCX, &limits()).await;
    assert_eq!(outcome, Outcome::Text { text: "Isolated hello".into() });
}

#[tokio::test]
async fn isolated_extraction_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, "slow words ".repeat(2_000_000)).unwrap();
    let tiny = Limits { timeout: Duration::from_millis(2), ..limits() };
    let started = Instant::now();
    let reason = reason_of(extract_isolated(worker(), &path, "text/plain", &tiny).await);
    assert_eq!(reason, "timed out after 2 ms");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn isolated_extraction_survives_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Too big to even read under 16 MiB: refused with a reason.
    let huge = dir.path().join("huge.txt");
    std::fs::write(&huge, "memory ".repeat(10_000_000)).unwrap();
    let cramped = Limits { memory_bytes: 16 << 20, ..limits() };
    let reason = reason_of(extract_isolated(worker(), &huge, "text/plain", &cramped).await);
    assert!(reason.contains("out of memory"), "{reason}");
    // Read fine, but the HTML tree of a million paragraphs needs far more than 128 MiB: the
    // allocator fails inside the parser and the worker aborts.
    let page = dir.path().join("paragraphs.html");
    std::fs::write(&page, "<p>x".repeat(1_000_000)).unwrap();
    let tight = Limits { memory_bytes: 128 << 20, ..limits() };
    let reason = reason_of(extract_isolated(worker(), &page, "text/html", &tight).await);
    assert_eq!(reason, "out of memory (limit 128 MiB)");
}

#[tokio::test]
async fn isolated_extraction_survives_a_parser_stack_overflow() {
    // pdf_oxide recurses into nested arrays of a content stream: deep enough, the worker's
    // stack overflows, which no in-process guard could stop.
    let depth = 200_000;
    let stream =
        format!("BT /F1 24 Tf 72 700 Td {}(x){} TJ ET", "[".repeat(depth), "]".repeat(depth));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.pdf");
    std::fs::write(&path, pdf_with_streams(&[stream])).unwrap();
    let reason = reason_of(extract_isolated(worker(), &path, "application/pdf", &limits()).await);
    assert!(reason.starts_with("extractor crashed"), "{reason}");
}

#[tokio::test]
async fn isolated_extraction_reports_missing_files_and_workers() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pdf");
    let reason =
        reason_of(extract_isolated(worker(), &missing, "application/pdf", &limits()).await);
    assert!(reason.starts_with("cannot read the file"), "{reason}");
    let no_exe = dir.path().join("no-such-binary");
    let reason = reason_of(extract_isolated(&no_exe, &missing, "application/pdf", &limits()).await);
    assert!(reason.starts_with("cannot start the extractor"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// The real corpus

mod corpus {
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    use futures_util::StreamExt;
    use plenary::extract::{Limits, Outcome, extract_isolated};

    /// Files that must yield text, and words (or letters) that text must contain.
    const KNOWN_GOOD: &[(&str, &[&str])] = &[
        ("pdf/pdfjs-test-pdfs/tracemonkey.pdf", &["Trace-based", "Just-in-Time", "Specialization"]),
        // pdf_oxide decodes only half of this Type3 font's accented letters (see the report).
        ("pdf/pdfjs-test-pdfs/french_diacritics.pdf", &["à", "À", "ç", "É", "ü", "Ü"]),
        ("pdf/pdfminer-six-samples/encryption/base.pdf", &["Secret!"]),
        ("pdf/pdfjs-test-pdfs/secHandler.pdf", &["Security Handler"]),
        ("pdf/py-pdf-sample-files/026-latex-multicolumn/multicolumn.pdf", &["Two-Column", "Lorem"]),
        ("docx/python-docx/test.docx", &["python-docx was here!", "python-docx was here too!"]),
        ("docx/pandoc/unicode.docx", &["Hello, 世界", "€10"]),
        ("docx/pandoc/notes.docx", &["A footnote", "Test footnote", "Test endnote"]),
        ("docx/pandoc/alternate_document_path.docx", &["This"]),
        ("docx/mammoth/utf8-bom.docx", &["This XML has a byte order mark."]),
        ("tika-test-documents/docx/testWORD_phonetic.docx", &["東京"]),
        ("pdf/py-pdf-sample-files/002-trivial-libre-office-writer/source.odt", &["Lorem ipsum"]),
        ("tika-test-documents/html-txt/testArabicMisleadingCharset.html", &["الحياة", "قرية"]),
        ("tika-test-documents/html-txt/russian.cp866.txt", &["Однажды", "студеную"]),
        ("tika-test-documents/html-txt/testHTML_charset_utf16le.html", &["This is a sample text"]),
        ("tika-test-documents/html-txt/testTXTNonASCIIUTF8.txt", &["über"]),
    ];

    /// Files that need a password: they must come back unavailable, saying why.
    const ENCRYPTED: &[&str] = &[
        "pdf/pdfminer-six-samples/encryption/aes-128.pdf",
        "pdf/pdfminer-six-samples/encryption/aes-128-m.pdf",
        "pdf/pdfminer-six-samples/encryption/aes-256.pdf",
        "pdf/pdfminer-six-samples/encryption/aes-256-m.pdf",
        "pdf/pdfminer-six-samples/encryption/aes-256-r6.pdf",
        "pdf/pdfminer-six-samples/encryption/rc4-40.pdf",
        "pdf/pdfminer-six-samples/encryption/rc4-128.pdf",
        "tika-test-documents/docx/testWORD_protected_passtika.docx",
    ];

    /// Per-file wall-clock budget in this test.
    const TIMEOUT: Duration = Duration::from_secs(20);

    fn corpus_dir() -> Option<PathBuf> {
        let Some(root) = std::env::var_os("PLENARY_CORPUS") else {
            println!("corpus test skipped: PLENARY_CORPUS is not set");
            return None;
        };
        let dir = PathBuf::from(root).join("05-documents");
        assert!(dir.is_dir(), "PLENARY_CORPUS is set but {} does not exist", dir.display());
        Some(dir)
    }

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut pending = vec![dir.to_path_buf()];
        let mut files = Vec::new();
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() { pending.push(path) } else { files.push(path) }
            }
        }
        files.sort();
        files
    }

    fn media_type(path: &Path) -> &'static str {
        match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
            "pdf" => "application/pdf",
            "docx" => super::DOCX,
            "odt" => super::ODT,
            "html" => "text/html",
            "zip" => "application/zip",
            "json" => "application/json",
            "txt" | "md" | "tex" | "native" | "tsv" => "text/plain",
            _ => "application/octet-stream",
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_corpus_file_is_extracted_or_explained() {
        let Some(dir) = corpus_dir() else { return };
        let files = files_under(&dir);
        let limits = Limits { timeout: TIMEOUT, ..Limits::default() };
        let started = Instant::now();
        let results: Vec<(String, Outcome, Duration)> = futures_util::stream::iter(files)
            .map(|path| {
                let limits = limits.clone();
                let dir = dir.clone();
                async move {
                    let begun = Instant::now();
                    let outcome =
                        extract_isolated(super::worker(), &path, media_type(&path), &limits).await;
                    let name = path.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
                    (name, outcome, begun.elapsed())
                }
            })
            .buffer_unordered(2)
            .collect()
            .await;
        let texts = results.iter().filter(|(_, o, _)| matches!(o, Outcome::Text { .. })).count();
        println!("{} files, {texts} with text, in {:?}", results.len(), started.elapsed());
        for (name, outcome, took) in &results {
            assert!(*took < TIMEOUT + Duration::from_secs(5), "{name} took {took:?}");
            check_known(name, outcome);
        }
        for (wanted, _) in KNOWN_GOOD {
            assert!(
                results.iter().any(|(name, _, _)| name == wanted),
                "{wanted} not in the corpus"
            );
        }
    }

    fn check_known(name: &str, outcome: &Outcome) {
        if let Some((_, words)) = KNOWN_GOOD.iter().find(|(file, _)| *file == name) {
            let Outcome::Text { text } = outcome else { panic!("{name}: {outcome:?}") };
            for word in *words {
                assert!(text.contains(word), "{name}: {word:?} missing from {text:.300}");
            }
        }
        if ENCRYPTED.contains(&name) {
            let Outcome::Unavailable { reason } = outcome else { panic!("{name}: {outcome:?}") };
            assert!(reason.contains("encrypt"), "{name}: {reason}");
        }
    }
}
