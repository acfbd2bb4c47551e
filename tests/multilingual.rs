//! Search in the six UN languages over real parallel texts from the corpus: the Universal
//! Declaration of Human Rights (30 articles × 6 languages), the UN Charter and the SDG targets.
//! Stemmed French, Spanish and Russian queries written with other inflections than the text find
//! their article; Chinese and Arabic queries find theirs; undeclared languages are detected.
//!
//! Needs `PLENARY_CORPUS` (the shared corpus); without it each test says so and returns.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::TestNode;
use serde_json::{Value, json};

fn corpus() -> Option<PathBuf> {
    let Some(path) = std::env::var_os("PLENARY_CORPUS") else {
        eprintln!("multilingual suite not run: PLENARY_CORPUS is unset");
        return None;
    };
    let path = PathBuf::from(path);
    assert!(path.is_dir(), "PLENARY_CORPUS is set to {}, which is not a directory", path.display());
    Some(path)
}

/// UDHR file stems and the language tag each is published with.
const UDHR: [(&str, &str); 6] =
    [("eng", "en"), ("fra", "fr"), ("spa", "es"), ("rus", "ru"), ("arb", "ar"), ("cmn_hans", "zh")];

/// The 30 articles of one UDHR translation: (number, text).
fn udhr_articles(corpus: &std::path::Path, stem: &str) -> Vec<(u32, String)> {
    let path = corpus.join(format!("03-multilingual/udhr-in-xml/udhr/udhr_{stem}.xml"));
    let xml =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let mut articles = Vec::new();
    for block in xml.split("<article number=\"").skip(1) {
        let (number, rest) = block.split_once('"').unwrap();
        let body = rest.split("</article>").next().unwrap();
        articles.push((number.parse().unwrap(), strip_tags(body)));
    }
    assert_eq!(articles.len(), 30, "{stem} has 30 articles");
    articles
}

fn strip_tags(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text =
        out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn publish_udhr(node: &TestNode, corpus: &std::path::Path) {
    for (stem, lang) in UDHR {
        for (number, text) in udhr_articles(corpus, stem) {
            let body = json!({"title": format!("UDHR {number} ({lang})"), "language": lang, "text": text, "tags": [format!("udhr-{number}")]});
            node.publish(&node.admin, "document", json!("public"), body).await;
        }
    }
    node.indexed().await;
}

/// Titles of the top hits for `query` read in `ui_lang`.
async fn top_titles(node: &TestNode, query: &str, ui_lang: &str, n: usize) -> Vec<String> {
    let limit = n.to_string();
    let (status, page) =
        node.search(None, &[("q", query), ("ui_lang", ui_lang), ("limit", &limit)]).await;
    assert_eq!(status, 200, "{query}: {page}");
    page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn udhr_queries_find_their_article_in_every_un_language() {
    let Some(corpus) = corpus() else { return };
    let node = TestNode::start().await;
    publish_udhr(&node, &corpus).await;
    // Each query uses other inflections than the article's text (checked below), so only a
    // stemmer can match them; the UI language boosts that language's fields.
    let cases = [
        ("libre égal dignités", "fr", "UDHR 1 (fr)", ["libres", "égaux", "dignité"]),
        ("libre razones conciencias", "es", "UDHR 1 (es)", ["libres", "razón", "conciencia"]),
        (
            "свободный равный достоинство",
            "ru",
            "UDHR 1 (ru)",
            ["свободными", "равными", "достоинстве"],
        ),
        ("torture cruel treatments", "en", "UDHR 5 (en)", ["torture", "cruel", "treatment"]),
        ("asile persécutions", "fr", "UDHR 14 (fr)", ["asile", "persécution", "persécution"]),
        ("matrimonio familias", "es", "UDHR 16 (es)", ["matrimonio", "familia", "familia"]),
        ("образованием", "ru", "UDHR 26 (ru)", ["образование", "образование", "образование"]),
    ];
    for (query, lang, expected, text_forms) in cases {
        let titles = top_titles(&node, query, lang, 3).await;
        assert_eq!(titles.first().map(String::as_str), Some(expected), "{query}: {titles:?}");
        let stems = |text: &str| node.node.analyze(lang, text);
        for (query_word, text_word) in query.split_whitespace().zip(text_forms) {
            assert_eq!(
                stems(query_word),
                stems(text_word),
                "{query_word} and {text_word} share a stem in {lang}"
            );
        }
    }
    let chinese = top_titles(&node, "尊严和权利", "zh", 3).await;
    assert_eq!(chinese.first().map(String::as_str), Some("UDHR 1 (zh)"), "{chinese:?}");
    let chinese = top_titles(&node, "酷刑", "zh", 3).await;
    assert_eq!(chinese.first().map(String::as_str), Some("UDHR 5 (zh)"), "{chinese:?}");
    let arabic = top_titles(&node, "اضطهاد", "ar", 3).await;
    assert_eq!(arabic.first().map(String::as_str), Some("UDHR 14 (ar)"), "{arabic:?}");
}

#[tokio::test]
async fn a_query_is_matched_against_every_language_field() {
    let Some(corpus) = corpus() else { return };
    let node = TestNode::start().await;
    publish_udhr(&node, &corpus).await;
    // Without a UI language, one query reaches articles in several languages at once.
    let (_, page) = node
        .search(
            None,
            &[
                ("q", "dignidad dignité dignity достоинство 尊严 الكرامة"),
                ("limit", "100"),
                ("kind", "document"),
            ],
        )
        .await;
    let langs: std::collections::BTreeSet<&str> =
        page["hits"].as_array().unwrap().iter().map(|h| h["lang"].as_str().unwrap()).collect();
    assert_eq!(
        langs.into_iter().collect::<Vec<_>>(),
        ["ar", "en", "es", "fr", "ru", "zh"],
        "{page}"
    );
    let facet_langs = page["facets"]["lang"].as_array().unwrap().len();
    assert_eq!(facet_langs, 6);
}

/// The SDG targets of one language file: `key: text` entries whose text may continue on
/// indented lines.
fn sdg_targets(corpus: &std::path::Path, dir: &str) -> Vec<String> {
    let path = corpus
        .join(format!("03-multilingual/un-sdg-goals-targets-indicators/{dir}/global_targets.yml"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let mut entries: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with(' ') {
            if let Some(last) = entries.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else if let Some((_, value)) = line.split_once(": ") {
            entries.push(value.trim().to_owned());
        }
    }
    entries
        .into_iter()
        .map(|v| v.trim_matches(|c| c == '\'' || c == '"').to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

const SDG: [(&str, &str); 6] =
    [("en", "en"), ("fr", "fr"), ("es", "es"), ("ru", "ru"), ("ar", "ar"), ("zh-Hans", "zh")];

#[test]
fn language_detection_on_sdg_targets() {
    let Some(corpus) = corpus() else { return };
    let (mut right, mut total) = (0, 0);
    for (dir, lang) in SDG {
        let targets = sdg_targets(&corpus, dir);
        assert!(targets.len() >= 169, "{dir}: {} targets", targets.len());
        for target in &targets {
            total += 1;
            if plenary::index::analysis::detect(target) == Some(lang) {
                right += 1;
            }
        }
    }
    let accuracy = right as f64 / total as f64;
    eprintln!("language detection on SDG targets: {right}/{total} ({:.1} %)", accuracy * 100.0);
    assert!(accuracy >= 0.95, "detection accuracy {accuracy:.3}");
}

#[tokio::test]
async fn records_without_a_language_are_detected_and_filed_under_it() {
    let Some(corpus) = corpus() else { return };
    let node = TestNode::start().await;
    for (dir, _) in SDG {
        for target in sdg_targets(&corpus, dir).into_iter().take(5) {
            let meeting = json!({"title": "SDG session", "meeting_type": "other", "starts_at": "2027-01-01T10:00:00Z", "description": target});
            node.publish(&node.admin, "meeting", json!("public"), meeting).await;
        }
    }
    node.indexed().await;
    let (_, page) = node.search(None, &[("kind", "meeting")]).await;
    let facets: Vec<(String, u64)> = page["facets"]["lang"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v: &Value| (v["value"].as_str().unwrap().to_owned(), v["count"].as_u64().unwrap()))
        .collect();
    for (_, lang) in SDG {
        assert!(facets.contains(&(lang.to_owned(), 5)), "{lang} detected 5 times: {facets:?}");
    }
}

#[tokio::test]
async fn the_un_charter_is_found_by_queries_in_its_languages() {
    let Some(corpus) = corpus() else { return };
    let node = TestNode::start_with(|c| c.limits.record_bytes = 4 << 20).await;
    for lang in ["ar", "en", "es", "fr", "ru", "zh"] {
        let path = corpus.join(format!("03-multilingual/un-charter/raw_un_charter_{lang}.txt"));
        let text = std::fs::read_to_string(&path).unwrap();
        let body = json!({"title": format!("Charter of the United Nations ({lang})"), "language": lang, "text": text});
        node.publish(&node.admin, "document", json!("public"), body).await;
    }
    node.indexed().await;
    let cases = [
        ("国际和平及安全", "zh"),
        ("международного мира и безопасности", "ru"),
        ("paix et la sécurité internationales", "fr"),
        ("paz y la seguridad internacionales", "es"),
        ("السلم والأمن الدولي", "ar"),
    ];
    for (query, lang) in cases {
        let titles = top_titles(&node, query, lang, 1).await;
        assert_eq!(titles, [format!("Charter of the United Nations ({lang})")], "{query}");
    }
}
