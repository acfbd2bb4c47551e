//! What a record's search document is: its title, its text (the body's words without
//! identifiers or codes, then the text extracted from its attached files), its language
//! (declared or detected), its audience terms, and whether it is the current version.

use serde_json::Value;

use super::catalog::closes_at;
use super::error::NodeError;
use super::indexing::IndexingCore;
use crate::extract::Outcome;
use crate::index::IndexDoc;
use crate::index::analysis::detect;
use crate::model::links::links;
use crate::model::record::parse_utc_timestamp;
use crate::model::{Audience, Header, Kind, NodeId, RecordId, Sha256, Visibility};
use crate::store::StoredRecord;
use time::OffsetDateTime;

/// Kinds that have a search document.
const INDEXED: [Kind; 7] = [
    Kind::Node,
    Kind::Document,
    Kind::Meeting,
    Kind::WorkingGroup,
    Kind::Comment,
    Kind::Survey,
    Kind::Endorsement,
];

/// Body fields that hold identifiers, times or codes rather than words.
const NOT_TEXT: [&str; 28] = [
    "supersedes",
    "edition_of",
    "working_group",
    "about",
    "in_reply_to",
    "minutes",
    "meeting",
    "survey",
    "sha256",
    "media_type",
    "size",
    "url",
    "online_url",
    "key",
    "effective_at",
    "starts_at",
    "ends_at",
    "comment_until",
    "closes_at",
    "timezone",
    "relation",
    "status",
    "language",
    "members",
    "convenors",
    "invited",
    "host",
    "documents",
];

/// Top-level body fields indexed on their own rather than as body text.
const OWN_FIELDS: [&str; 3] = ["title", "name", "symbol"];

/// A file a document is waiting for.
pub(super) struct Missing {
    pub sha256: Sha256,
    pub media_type: String,
}

/// The document of stored record `id`, and the files whose text it still lacks; `None` when
/// the record has no document (its kind is not searchable, or its body is withheld or
/// retracted).
pub(super) fn document_for(
    core: &IndexingCore,
    id: &RecordId,
    stored: &StoredRecord,
) -> Result<Option<(IndexDoc, Vec<Missing>)>, NodeError> {
    let record = &stored.record;
    let header = &record.header;
    let Some(body) = &record.body else { return Ok(None) };
    if !INDEXED.contains(&header.kind) {
        return Ok(None);
    }
    let title = text_field(body, "title").or_else(|| text_field(body, "name")).unwrap_or_default();
    let mut words = Vec::new();
    if let Some(map) = body.as_object() {
        for (key, value) in map.iter().filter(|(key, _)| !OWN_FIELDS.contains(&key.as_str())) {
            if !NOT_TEXT.contains(&key.as_str()) {
                collect_text(value, &mut words);
            }
        }
    }
    let main_text = words.join("\n");
    let lang = text_field(body, "language")
        .map(|tag| tag.split('-').next().unwrap_or_default().to_ascii_lowercase())
        .or_else(|| detect(&format!("{title}\n{main_text}")).map(str::to_owned))
        .unwrap_or_else(|| "und".to_owned());
    let mut texts = Vec::new();
    if !main_text.is_empty() {
        texts.push((analyzer_for(core, &lang), main_text));
    }
    let missing = attachment_texts(core, header.kind, body, &lang, &mut texts);
    let (starts, ends) = described_times(header.kind, body);
    let doc = IndexDoc {
        id: id.to_string(),
        kind: header.kind.as_str().to_owned(),
        origin: header.origin.to_string(),
        lang,
        created: header.created_at_time(),
        created_at: header.created_at.clone(),
        starts,
        ends,
        title,
        texts,
        symbol: text_field(body, "symbol"),
        group: text_field(body, "working_group"),
        status: text_field(body, "status"),
        current: core.store.superseded_by(id)?.is_empty(),
        audience: audience_terms(header, &core.node_id),
    };
    Ok(Some((doc, missing)))
}

fn attachment_texts(
    core: &IndexingCore,
    kind: Kind,
    body: &Value,
    lang: &str,
    texts: &mut Vec<(String, String)>,
) -> Vec<Missing> {
    let attachments = links(kind, body).map(|l| l.attachments).unwrap_or_default();
    let mut missing = Vec::new();
    for attachment in attachments {
        match core.texts.get::<Outcome>(&attachment.sha256) {
            Some(Outcome::Text { text }) => {
                texts.push((attachment.language.unwrap_or_else(|| lang.to_owned()), text))
            }
            Some(Outcome::Unavailable { .. }) => {}
            None if core.blobs.size(&attachment.sha256).is_some() => {
                missing
                    .push(Missing { sha256: attachment.sha256, media_type: attachment.media_type });
            }
            None => {}
        }
    }
    missing
}

/// The language whose analyzer text tagged `tag` gets: its primary subtag when the node
/// analyses it, else the default analyzer's.
fn analyzer_for(core: &IndexingCore, tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
    if core.languages.contains(&primary) {
        primary
    } else {
        crate::index::analysis::OTHER.to_owned()
    }
}

/// When what a record describes begins and ends: a meeting's start and end (its start when it
/// names no end), a document's comment period's close.
fn described_times(kind: Kind, body: &Value) -> (Option<OffsetDateTime>, Option<OffsetDateTime>) {
    let time = |name: &str| body.get(name).and_then(Value::as_str).and_then(parse_utc_timestamp);
    match kind {
        Kind::Meeting => {
            let starts = time("starts_at");
            (starts, time("ends_at").or(starts))
        }
        Kind::Document => {
            let closes = body.get("comment_until").and_then(Value::as_str).and_then(closes_at);
            (None, closes)
        }
        _ => (None, None),
    }
}

fn text_field(body: &Value, name: &str) -> Option<String> {
    body.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Every string of a body that holds words, depth-first, skipping identifiers and codes.
fn collect_text<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if !looks_like_identifier(text) => out.push(text),
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => stack.extend(
                map.iter()
                    .rev()
                    .filter(|(key, _)| !NOT_TEXT.contains(&key.as_str()))
                    .map(|(_, v)| v),
            ),
            _ => {}
        }
    }
}

fn looks_like_identifier(text: &str) -> bool {
    let hex = text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit());
    let b64 = text.len() == 43
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    hex || b64
}

/// The visibility terms a record's document carries (matched against [`crate::index::Audience`]):
/// what its visibility names, plus `local` when this node — and so its logged-in users — is
/// admitted without depending on a working group's membership, so a local search filters on one
/// term instead of a union.
pub(crate) fn audience_terms(header: &Header, this_node: &NodeId) -> Vec<String> {
    let origin = format!("origin:{}", header.origin);
    let mut terms = match &header.visibility {
        Visibility::Named(Audience::Public) => vec!["public".into()],
        Visibility::Named(Audience::Partners) => vec!["partners".into(), origin],
        Visibility::Nodes { nodes } => {
            nodes.iter().map(|n| format!("node:{n}")).chain([origin]).collect()
        }
        Visibility::Group { group } => vec![format!("group:{group}"), origin],
    };
    let local = match &header.visibility {
        Visibility::Named(_) => true,
        Visibility::Nodes { nodes } => nodes.contains(this_node),
        Visibility::Group { .. } => false,
    };
    if local || header.origin == *this_node {
        terms.push(LOCAL_AUDIENCE.into());
    }
    terms
}

/// The audience term of documents this node's users may see whatever groups say.
pub(crate) const LOCAL_AUDIENCE: &str = "local";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_collected_without_identifiers_or_codes() {
        let body = json!({
            "title": "T", "summary": "A summary.", "status": "final", "tags": ["trade", "services"],
            "supersedes": "ab".repeat(32),
            "agenda": [{"title": "Opening", "documents": ["cd".repeat(32)]}],
            "attachments": [{"sha256": "ef".repeat(32), "name": "annex.pdf", "media_type": "application/pdf", "size": 3}],
        });
        let mut words = Vec::new();
        collect_text(&body, &mut words);
        assert_eq!(words, ["Opening", "annex.pdf", "A summary.", "trade", "services", "T"]);
    }
}
