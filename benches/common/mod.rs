//! What the benchmarks share: real text (RFC sections from the corpus) and waiting for a word
//! to be found over a node's HTTP search.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

/// One section of an RFC (or generated text of that size).
pub struct Section {
    pub title: String,
    pub text: String,
}

/// Unpacks the corpus' RFC archive into `dir` (only RFCs 1000–1999, about 5,000 sections, in
/// smoke mode); returns the files in name order and the archive's path.
pub fn unpack_rfcs(corpus: &Path, dir: &Path, smoke: bool) -> (Vec<PathBuf>, PathBuf) {
    let archive = corpus.join("04-benchmark-corpora/ietf-rfcs/rfc-all-9517.tar.zst");
    let pattern = if smoke { "rfc/rfc1???.txt" } else { "rfc/*.txt" };
    let command = format!(
        "zstd -d --long=27 -c '{}' | tar -x -C '{}' --wildcards '{pattern}'",
        archive.display(),
        dir.display()
    );
    let status = std::process::Command::new("sh").arg("-c").arg(command).status().unwrap();
    assert!(status.success(), "unpacking {} needs zstd and tar", archive.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir.join("rfc")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    (files, archive)
}

/// Splits RFCs at their numbered section headings ("3.2.  Title" at the start of a line) into
/// exactly `wanted` sections; sections of 200 bytes or less are skipped, text is cut at 100 KB,
/// and control characters (page breaks; the schema refuses them) become spaces.
pub fn rfc_sections(files: &[PathBuf], wanted: usize) -> Vec<Section> {
    let clean = |line: &str| -> String {
        line.trim_end().chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
    };
    let mut out = Vec::with_capacity(wanted);
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let name = file.file_stem().unwrap().to_string_lossy().to_uppercase();
        let mut current = Section { title: format!("{name} front matter"), text: String::new() };
        for line in text.lines() {
            if is_heading(line) {
                let next = Section {
                    title: format!("{name} {}", clean(line).trim()),
                    text: String::new(),
                };
                let done = std::mem::replace(&mut current, next);
                if done.text.len() > 200 {
                    out.push(done);
                }
            } else if current.text.len() < 100_000 {
                current.text.push_str(&clean(line));
                current.text.push('\n');
            }
        }
        if current.text.len() > 200 {
            out.push(current);
        }
        if out.len() >= wanted {
            out.truncate(wanted);
            return out;
        }
    }
    panic!("only {} RFC sections, {wanted} wanted", out.len());
}

fn is_heading(line: &str) -> bool {
    if line.len() > 80 || !line.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let number = line.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count();
    let rest = &line[number..];
    line[..number].contains('.')
        && rest.starts_with("  ")
        && rest.trim_start().starts_with(char::is_alphabetic)
}

/// Searches the node at `url` anonymously for `word` every `poll` until exactly one document
/// is found.
pub async fn until_found(http: &reqwest::Client, url: &str, word: &str, poll: Duration) {
    loop {
        let page: Value = http
            .get(format!("{url}/api/v1/search"))
            .query(&[("q", word), ("facets", "false")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if page["total"] == 1 {
            return;
        }
        tokio::time::sleep(poll).await;
    }
}
