//! A working group's milestones as the group form holds them: numbered rows (`milestone-<i>-date`,
//! `-text`, `-done`), the published ones plus a few blank, read back into the body's dated log.
//! A blank row is skipped; a row without a text or with a date that is not a calendar day
//! (YYYY-MM-DD) has its error next to it.

use serde_json::{Value, json};
use time::Date;
use time::macros::format_description;

use super::Fields;
use crate::model::bodies::Milestone;
use crate::portal::forms::FieldErrors;
use crate::portal::i18n::Tr;

/// Blank rows a form offers after the published milestones.
pub const BLANK_ROWS: usize = 3;
/// Most rows read.
pub const MAX_ROWS: usize = 200;

/// One milestone row, as typed.
#[derive(Debug, Clone, Default)]
pub struct MilestoneRow {
    /// `milestone-<index>`: the row's field prefix, element id and error key.
    pub key: String,
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// What it is.
    pub text: String,
    /// Whether it has been reached.
    pub done: bool,
}

impl MilestoneRow {
    /// An empty row at `index`.
    pub fn blank(index: usize) -> MilestoneRow {
        MilestoneRow { key: format!("milestone-{index}"), ..Default::default() }
    }

    /// The rows a form sent (its `milestone_rows` field says how many, within bounds).
    pub fn read_all(fields: &Fields) -> Vec<MilestoneRow> {
        let rows = fields.text("milestone_rows").parse().unwrap_or(BLANK_ROWS).min(MAX_ROWS);
        (0..rows)
            .map(|i| {
                let field = |name: &str| fields.text(&format!("milestone-{i}-{name}"));
                MilestoneRow {
                    date: field("date"),
                    text: field("text"),
                    done: !field("done").is_empty(),
                    ..MilestoneRow::blank(i)
                }
            })
            .collect()
    }

    /// The rows of a published log, then blank ones.
    pub fn of_milestones(milestones: &[Milestone]) -> Vec<MilestoneRow> {
        let mut rows: Vec<MilestoneRow> = milestones
            .iter()
            .enumerate()
            .map(|(i, m)| MilestoneRow {
                date: m.date.clone(),
                text: m.text.clone(),
                done: m.done,
                ..MilestoneRow::blank(i)
            })
            .collect();
        pad(&mut rows);
        rows
    }

    fn is_blank(&self) -> bool {
        self.date.trim().is_empty() && self.text.trim().is_empty() && !self.done
    }

    /// The field name of this row's `part`.
    pub fn name(&self, part: &str) -> String {
        format!("{}-{part}", self.key)
    }
}

/// Adds [`BLANK_ROWS`] blank rows (within [`MAX_ROWS`]).
pub fn pad(rows: &mut Vec<MilestoneRow>) {
    let target = (rows.len() + BLANK_ROWS).min(MAX_ROWS);
    while rows.len() < target {
        rows.push(MilestoneRow::blank(rows.len()));
    }
}

/// Whether `text` is a calendar day written YYYY-MM-DD.
pub fn is_day(text: &str) -> bool {
    Date::parse(text, format_description!("[year]-[month]-[day]")).is_ok() && text.len() == 10
}

/// The milestones of `rows` as the body's list, sorted by date (none: nothing), or errors
/// next to the rows.
pub fn milestones(rows: &[MilestoneRow], errors: &mut FieldErrors, tr: &Tr) -> Option<Value> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for row in rows.iter().filter(|r| !r.is_blank()) {
        let date = row.date.trim();
        let text = row.text.trim();
        if !is_day(date) {
            errors.add(&row.name("date"), tr.t("publish-error-milestone-date"));
        }
        if text.is_empty() {
            errors.add(&row.name("text"), tr.t("publish-error-milestone-text"));
        }
        let milestone = json!({ "date": date, "text": text, "done": row.done });
        out.push((date.to_owned(), milestone));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    (!out.is_empty()).then(|| Value::Array(out.into_iter().map(|(_, m)| m).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked() {
        assert!(is_day("2026-02-28"));
        assert!(!is_day("2026-02-30"));
        assert!(!is_day("26-02-01"));
        assert!(!is_day("soon"));
    }

    #[test]
    fn rows_become_a_sorted_log_and_faults_stay_with_their_row() {
        let tr = Tr::new(crate::portal::i18n::supported("en").unwrap());
        let row = |i: usize, date: &str, text: &str, done: bool| MilestoneRow {
            date: date.into(),
            text: text.into(),
            done,
            ..MilestoneRow::blank(i)
        };
        let mut errors = FieldErrors::default();
        let rows = [
            row(0, "2026-05-01", "Draft", true),
            MilestoneRow::blank(1),
            row(2, "2026-03-01", "Scope", false),
        ];
        let log = milestones(&rows, &mut errors, &tr).unwrap();
        assert!(errors.is_empty());
        assert_eq!(log[0]["text"], "Scope");
        assert_eq!(log[1]["done"], true);
        let mut errors = FieldErrors::default();
        milestones(&[row(0, "2026-13-01", "", false)], &mut errors, &tr);
        assert!(errors.get("milestone-0-date").is_some());
        assert!(errors.get("milestone-0-text").is_some());
    }
}
