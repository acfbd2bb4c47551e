//! The interface's messages: every language has every message English has (so adding a language
//! is adding its files, and no reader meets another language's text), every message the
//! templates and handlers ask for by name exists, and no message file breaks Fluent's syntax
//! (a broken file would silently fall back to English).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Message ids of one `.ftl` file (lines `id = …` at column 0).
fn ids_of(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let (id, _) = line.split_once(" =")?;
            let ok = id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            ok.then(|| id.to_owned())
        })
        .collect()
}

/// Every language's messages: file name → ids.
fn languages() -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for language in std::fs::read_dir(root().join("locales")).unwrap() {
        let language = language.unwrap().path();
        let mut files = BTreeMap::new();
        for file in std::fs::read_dir(&language).unwrap() {
            let file = file.unwrap().path();
            let text = std::fs::read_to_string(&file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, ids_of(&text));
        }
        out.insert(language.file_name().unwrap().to_string_lossy().into_owned(), files);
    }
    out
}

#[test]
fn every_language_has_every_english_message_once() {
    let languages = languages();
    let english = &languages["en"];
    let mut all_english = BTreeSet::new();
    for (file, ids) in english {
        for id in ids {
            assert!(all_english.insert(id.clone()), "en/{file}: {id} is defined twice");
        }
    }
    assert!(all_english.len() > 300, "the English files were read: {}", all_english.len());
    for (language, files) in &languages {
        for (file, ids) in english {
            let theirs: BTreeSet<&String> =
                files.get(file).map(|ids| ids.iter().collect()).unwrap_or_default();
            let missing: Vec<&String> = ids.iter().filter(|id| !theirs.contains(id)).collect();
            assert!(missing.is_empty(), "{language}/{file} lacks {missing:?}");
        }
        for (file, ids) in files {
            let extra: Vec<&String> = ids.iter().filter(|id| !all_english.contains(*id)).collect();
            assert!(extra.is_empty(), "{language}/{file} has messages English lacks: {extra:?}");
        }
    }
}

#[test]
fn every_message_file_parses() {
    for language in std::fs::read_dir(root().join("locales")).unwrap() {
        for file in std::fs::read_dir(language.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            if let Err((_, errors)) = fluent_templates::fluent_bundle::FluentResource::try_new(text)
            {
                panic!("{} does not parse: {errors:?}", path.display());
            }
        }
    }
}

/// Every file under `dir` (recursively) with extension `extension`.
fn files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// The message ids code asks for by name: `.t("id"`, `.t1("id"`, `.t2("id"`, `.count("id"`,
/// and the problem pages' ids.
fn asked_for(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in [".t(\"", ".t1(\"", ".t2(\"", ".count(\"", "\"problem-"] {
        for (at, _) in text.match_indices(call) {
            let start = at + call.len();
            let id: String = text[start..]
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'
                })
                .collect();
            let id = if call == "\"problem-" { format!("problem-{id}") } else { id };
            if !id.is_empty() && !id.ends_with('-') {
                out.push(id);
            }
        }
    }
    out
}

#[test]
fn every_message_asked_for_exists_in_english() {
    let english: BTreeSet<String> = languages()["en"].values().flatten().cloned().collect();
    let mut sources = Vec::new();
    files(&root().join("src/portal"), "rs", &mut sources);
    files(&root().join("templates"), "html", &mut sources);
    let mut asked = 0;
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap();
        for id in asked_for(&text) {
            asked += 1;
            assert!(
                english.contains(&id),
                "{} asks for {id}, which no English file has",
                source.display()
            );
        }
    }
    assert!(asked > 300, "the sources were read: {asked}");
}

#[test]
fn no_template_holds_words_of_its_own() {
    let mut templates = Vec::new();
    files(&root().join("templates"), "html", &mut templates);
    for template in templates {
        let text = std::fs::read_to_string(&template).unwrap();
        // Text between tags, with template expressions and statements removed.
        let mut plain = String::new();
        let mut depth = 0usize;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if matches!(chars.peek(), Some('{' | '%' | '#')) => depth += 1,
                '}' | '%' | '#' if depth > 0 && chars.peek() == Some(&'}') => {
                    chars.next();
                    depth -= 1;
                }
                '<' if depth == 0 => {
                    for c in chars.by_ref() {
                        if c == '>' {
                            break;
                        }
                    }
                    plain.push(' ');
                }
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let words: Vec<&str> = plain
            .split_whitespace()
            // Attribute fragments a macro writes inside a tag are not text.
            .filter(|w| !w.contains('=') && !w.contains('"'))
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
            .collect();
        assert!(words.is_empty(), "{} has text of its own: {words:?}", template.display());
    }
}
