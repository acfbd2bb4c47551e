//! A meeting's agenda as the form holds it: numbered rows of fields (`agenda-<i>-title`, …),
//! as many as the editor asked for, read back into the body's items. A row left blank is
//! skipped; a row without a title, or naming a record that is not a document this node holds
//! and the editor may see, has its error next to it.

use serde_json::{Map, Value, json};

use super::{Fields, line_list, record_ref};
use crate::model::bodies::AgendaItem;
use crate::model::{Kind, RecordId};
use crate::node::Node;
use crate::portal::forms::{FieldErrors, optional};
use crate::portal::problem::Problem;
use crate::portal::reader::Reader;

/// Rows a blank form has.
pub const MIN_ROWS: usize = 4;
/// Rows the "more rows" button adds.
pub const MORE_ROWS: usize = 4;
/// Most rows (the schema's limit on agenda items).
pub const MAX_ROWS: usize = 200;

/// One agenda row, as typed.
#[derive(Debug, Clone, Default)]
pub struct AgendaRow {
    /// `agenda-<index>`: the row's field prefix, element id and error key.
    pub key: String,
    /// Item number as printed.
    pub number: String,
    /// Title.
    pub title: String,
    /// Document record ids (or links to their pages), one per line.
    pub documents: String,
    /// Notes.
    pub description: String,
}

impl AgendaRow {
    /// An empty row at `index`.
    pub fn blank(index: usize) -> AgendaRow {
        AgendaRow { key: format!("agenda-{index}"), ..Default::default() }
    }

    /// The rows a form sent (its `rows` field says how many, within bounds).
    pub fn read_all(fields: &Fields) -> Vec<AgendaRow> {
        let rows = fields.text("rows").parse().unwrap_or(MIN_ROWS).min(MAX_ROWS);
        (0..rows)
            .map(|i| {
                let field = |name: &str| fields.text(&format!("agenda-{i}-{name}"));
                AgendaRow {
                    number: field("number"),
                    title: field("title"),
                    documents: field("documents"),
                    description: field("description"),
                    ..AgendaRow::blank(i)
                }
            })
            .collect()
    }

    /// The rows of a published agenda.
    pub fn of_items(items: &[AgendaItem]) -> Vec<AgendaRow> {
        let ids =
            |ids: &[RecordId]| ids.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        items
            .iter()
            .enumerate()
            .map(|(i, item)| AgendaRow {
                number: item.number.clone().unwrap_or_default(),
                title: item.title.clone(),
                documents: ids(&item.documents),
                description: item.description.clone().unwrap_or_default(),
                ..AgendaRow::blank(i)
            })
            .collect()
    }

    fn is_blank(&self) -> bool {
        [&self.number, &self.title, &self.documents, &self.description]
            .iter()
            .all(|f| f.trim().is_empty())
    }

    /// The item this row says, with what is wrong with it.
    fn item(&self, node: &Node, reader: &Reader) -> Result<(Value, Vec<String>), Problem> {
        let mut item = Map::new();
        let mut wrong = Vec::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                item.insert(key.to_owned(), Value::from(value));
            }
        };
        put("number", optional(&self.number));
        let title = optional(&self.title);
        if title.is_none() {
            wrong.push(reader.tr.t("publish-error-agenda-title"));
        }
        put("title", title);
        let (documents, unknown) = self.documents(node, reader)?;
        if !unknown.is_empty() {
            let ids = unknown.join(", ");
            wrong.push(reader.tr.t_args("publish-error-agenda-documents", &[("ids", &ids)]));
        }
        if !documents.is_empty() {
            item.insert("documents".into(), json!(documents));
        }
        if let Some(description) = optional(&self.description) {
            item.insert("description".into(), Value::from(description));
        }
        Ok((Value::Object(item), wrong))
    }

    /// The documents the row names (each once), and the lines that are not documents the
    /// editor may see.
    fn documents(
        &self,
        node: &Node,
        reader: &Reader,
    ) -> Result<(Vec<RecordId>, Vec<String>), Problem> {
        let mut documents = Vec::new();
        let mut unknown = Vec::new();
        for line in line_list(&self.documents) {
            match record_ref(&line) {
                Some(id) if node.holds_visible(&reader.viewer, &id, Kind::Document)? => {
                    if !documents.contains(&id) {
                        documents.push(id);
                    }
                }
                _ => unknown.push(line),
            }
        }
        Ok((documents, unknown))
    }
}

/// The agenda items of the rows that say something, in order (none: no agenda); each row's
/// errors are one message next to it.
pub fn items(
    rows: &[AgendaRow],
    node: &Node,
    reader: &Reader,
    errors: &mut FieldErrors,
) -> Result<Option<Value>, Problem> {
    let mut items = Vec::new();
    for row in rows.iter().filter(|row| !row.is_blank()) {
        let (item, wrong) = row.item(node, reader)?;
        if !wrong.is_empty() {
            errors.add(&row.key, wrong.join(" "));
        }
        items.push(item);
    }
    Ok((!items.is_empty()).then_some(Value::Array(items)))
}
