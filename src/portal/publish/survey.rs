//! The survey builder (`/publish/survey`, URL-encoded): title, description, opening and closing
//! typed as a date and time on a chosen zone's clock (published in UTC), who sees the results,
//! the audience, and question rows without JavaScript — a fixed number of blank rows and a
//! button that adds more. Each row that says something becomes a question whose id follows its
//! place (`q1`, `q2` …); a row's mistakes are shown next to it.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};

use super::clock::utc_of;
use super::{Choices, Fields, VisibilityValues, line_list, publish, published, unreadable};
use crate::http::AppState;
use crate::model::Kind;
use crate::node::Role;
use crate::portal::forms::{FieldErrors, optional, required};
use crate::portal::i18n::Tr;
use crate::portal::problem::Problem;
use crate::portal::reader::Reader;
use crate::portal::render::{Chrome, Section, page_with_status};

/// Rows a blank form has.
const MIN_ROWS: usize = 3;
/// Rows the "more rows" button adds.
const MORE_ROWS: usize = 3;
/// Most rows (the schema's limit on questions).
const MAX_ROWS: usize = 200;
/// The question types, in the order the select offers them.
const TYPES: [&str; 6] = ["single_choice", "multiple_choice", "scale", "yes_no", "integer", "text"];

/// One question row, as typed.
#[derive(Debug, Clone, Default)]
struct QuestionRow {
    /// `question-<index>`: the row's field prefix, element id and error key.
    key: String,
    text: String,
    kind: String,
    options: String,
    required: bool,
    scale_min: String,
    scale_max: String,
    min_label: String,
    max_label: String,
}

impl QuestionRow {
    fn blank(index: usize) -> QuestionRow {
        QuestionRow {
            key: format!("question-{index}"),
            kind: "single_choice".into(),
            scale_min: "1".into(),
            scale_max: "5".into(),
            ..Default::default()
        }
    }

    fn read_all(fields: &Fields) -> Vec<QuestionRow> {
        let rows = fields.text("rows").parse().unwrap_or(MIN_ROWS).min(MAX_ROWS);
        (0..rows)
            .map(|i| {
                let field = |name: &str| fields.text(&format!("question-{i}-{name}"));
                QuestionRow {
                    text: field("text"),
                    kind: field("type"),
                    options: field("options"),
                    required: !field("required").is_empty(),
                    scale_min: field("scale_min"),
                    scale_max: field("scale_max"),
                    min_label: field("min_label"),
                    max_label: field("max_label"),
                    ..QuestionRow::blank(i)
                }
            })
            .collect()
    }

    /// Whether the editor wrote nothing in the row (its select and scale keep their defaults).
    fn is_blank(&self) -> bool {
        [&self.text, &self.options, &self.min_label, &self.max_label]
            .iter()
            .all(|f| f.trim().is_empty())
    }

    /// The question this row says as question `id`, or the message ids of what is wrong.
    fn question(&self, id: &str) -> Result<Value, Vec<&'static str>> {
        let mut question = Map::new();
        let mut wrong = Vec::new();
        question.insert("id".into(), json!(id));
        match optional(&self.text) {
            Some(text) => question.insert("text".into(), json!(text)),
            None => {
                wrong.push("survey-builder-error-text");
                None
            }
        };
        if !TYPES.contains(&self.kind.as_str()) {
            wrong.push("survey-builder-error-type");
        }
        question.insert("type".into(), json!(self.kind));
        match self.kind.as_str() {
            "single_choice" | "multiple_choice" => {
                let options = line_list(&self.options);
                if options.len() < 2 {
                    wrong.push("survey-builder-error-options");
                }
                question.insert("options".into(), json!(options));
            }
            "scale" => match self.scale() {
                Some(scale) => {
                    question.insert("scale".into(), scale);
                }
                None => wrong.push("survey-builder-error-scale"),
            },
            _ => {}
        }
        if self.required {
            question.insert("required".into(), json!(true));
        }
        if wrong.is_empty() { Ok(Value::Object(question)) } else { Err(wrong) }
    }

    /// The scale the row says: lowest point 0 or 1, highest 2 to 10.
    fn scale(&self) -> Option<Value> {
        let min: i64 = self.scale_min.trim().parse().ok().filter(|m| (0..=1).contains(m))?;
        let max: i64 = self.scale_max.trim().parse().ok().filter(|m| (2..=10).contains(m))?;
        let mut scale = json!({"min": min, "max": max});
        if let Some(label) = optional(&self.min_label) {
            scale["min_label"] = json!(label);
        }
        if let Some(label) = optional(&self.max_label) {
            scale["max_label"] = json!(label);
        }
        Some(scale)
    }
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
struct SurveyValues {
    title: String,
    description: String,
    open_date: String,
    open_time: String,
    close_date: String,
    close_time: String,
    timezone: String,
    results: String,
    questions: Vec<QuestionRow>,
    vis: VisibilityValues,
}

impl SurveyValues {
    fn new(zone: &TimeZone) -> SurveyValues {
        let mut values = SurveyValues {
            timezone: zone.iana_name().unwrap_or("UTC").to_owned(),
            results: "originator".into(),
            ..Default::default()
        };
        values.pad_rows(MIN_ROWS);
        values
    }

    fn read(fields: &Fields) -> SurveyValues {
        SurveyValues {
            title: fields.text("title"),
            description: fields.text("description"),
            open_date: fields.text("open_date"),
            open_time: fields.text("open_time"),
            close_date: fields.text("close_date"),
            close_time: fields.text("close_time"),
            timezone: fields.text("timezone"),
            results: fields.text("results"),
            questions: QuestionRow::read_all(fields),
            vis: VisibilityValues::read(fields),
        }
    }

    fn pad_rows(&mut self, rows: usize) {
        while self.questions.len() < rows.min(MAX_ROWS) {
            self.questions.push(QuestionRow::blank(self.questions.len()));
        }
    }

    /// The visibility and body to publish, or errors next to the fields.
    fn draft(&self, tr: &Tr, errors: &mut FieldErrors) -> Option<(Value, Value)> {
        let mut body = Map::new();
        if let Some(title) = required(errors, tr, "title", &self.title) {
            body.insert("title".into(), json!(title));
        }
        if let Some(description) = optional(&self.description) {
            body.insert("description".into(), json!(description));
        }
        let (opens_at, closes_at) = self.times(errors, tr);
        if let Some(at) = opens_at {
            body.insert("opens_at".into(), json!(at));
        }
        if let Some(at) = closes_at {
            body.insert("closes_at".into(), json!(at));
        }
        match self.results.as_str() {
            "originator" | "respondents" => {
                body.insert("results".into(), json!(self.results));
            }
            _ => errors.add("results", tr.t("survey-builder-error-results")),
        }
        body.insert("questions".into(), self.question_list(errors, tr));
        let visibility = self.vis.to_json(errors, tr);
        visibility.filter(|_| errors.is_empty()).map(|v| (v, Value::Object(body)))
    }

    /// The questions of the rows that say something, numbered in order.
    fn question_list(&self, errors: &mut FieldErrors, tr: &Tr) -> Value {
        let mut questions = Vec::new();
        for row in self.questions.iter().filter(|row| !row.is_blank()) {
            let id = format!("q{}", questions.len() + 1);
            match row.question(&id) {
                Ok(question) => questions.push(question),
                Err(wrong) => {
                    let message: Vec<String> = wrong.iter().map(|key| tr.t(key)).collect();
                    errors.add(&row.key, message.join(" "));
                    questions.push(Value::Null);
                }
            }
        }
        if questions.is_empty() {
            errors.add("questions", tr.t("survey-builder-error-no-questions"));
        }
        Value::Array(questions)
    }

    /// Opening and closing in UTC (each optional), the closing after the opening.
    fn times(&self, errors: &mut FieldErrors, tr: &Tr) -> (Option<String>, Option<String>) {
        let zone_name = self.timezone.trim();
        let Ok(zone) = TimeZone::get(zone_name).map_err(|_| {
            errors.add("timezone", tr.t_args("publish-error-timezone", &[("zone", zone_name)]));
        }) else {
            return (None, None);
        };
        let mut at = |field: &str, date: &str, time: &str| -> Option<String> {
            if date.trim().is_empty() && time.trim().is_empty() {
                return None;
            }
            utc_of(date, time, &zone).map_err(|key| errors.add(field, tr.t(key))).ok()
        };
        let opens = at("opens_at", &self.open_date, &self.open_time);
        let closes = at("closes_at", &self.close_date, &self.close_time);
        let parse =
            |t: &Option<String>| t.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok());
        if let (Some(o), Some(c)) = (parse(&opens), parse(&closes))
            && c <= o
        {
            errors.add("closes_at", tr.t("survey-builder-error-order"));
            return (opens, None);
        }
        (opens, closes)
    }
}

#[derive(Template)]
#[template(path = "publish_survey.html")]
struct SurveyPage<'a> {
    c: Chrome<'a>,
    v: SurveyValues,
    errors: FieldErrors,
    choices: Choices,
    types: &'static [&'static str],
}

fn show(
    state: &AppState,
    reader: &Reader,
    status: StatusCode,
    values: SurveyValues,
    errors: FieldErrors,
) -> Result<Response, Problem> {
    let template = SurveyPage {
        c: Chrome::new(state, reader, Section::Publish),
        choices: Choices::load(&state.node, &reader.viewer)?,
        types: &TYPES,
        v: values,
        errors,
    };
    page_with_status(reader, status, &template)
}

/// `GET /publish/survey`.
pub async fn form(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let values = SurveyValues::new(&reader.timezone);
    show(&state, &reader, StatusCode::OK, values, FieldErrors::default())
}

/// `POST /publish/survey`: publishes, or — "more rows" pressed — shows the form with more.
pub async fn submit(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let limit = state.node.settings().record_bytes;
    let Form(pairs) = form.map_err(|err| unreadable(err, limit))?;
    let fields = Fields::from_pairs(pairs);
    reader.check_form(&fields.text("csrf"))?;
    let mut values = SurveyValues::read(&fields);
    if !fields.text("more").is_empty() {
        values.pad_rows(values.questions.len() + MORE_ROWS);
        return show(&state, &reader, StatusCode::OK, values, FieldErrors::default());
    }
    let mut errors = FieldErrors::default();
    let status = match values.draft(&reader.tr, &mut errors) {
        Some(draft) if errors.is_empty() => {
            match publish(&state.node, &reader, Kind::Survey, draft, &mut errors).await? {
                Ok(id) => return Ok(published(Kind::Survey, &id)),
                Err(status) => status,
            }
        }
        _ => StatusCode::BAD_REQUEST,
    };
    show(&state, &reader, status, values, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr() -> Tr {
        Tr::new(crate::portal::i18n::supported("en").unwrap())
    }

    #[test]
    fn rows_become_numbered_questions_and_blank_rows_are_skipped() {
        let mut values = SurveyValues::new(&TimeZone::UTC);
        values.title = "Practice".into();
        values.vis.choice = "partners".into();
        values.questions[0].text = "Which?".into();
        values.questions[0].options = "A\n\nB\nA".into();
        values.questions[2].text = "How well?".into();
        values.questions[2].kind = "scale".into();
        values.questions[2].max_label = "Fully".into();
        values.questions[2].required = true;
        let mut errors = FieldErrors::default();
        let (_, body) = values.draft(&tr(), &mut errors).unwrap();
        assert!(errors.is_empty(), "{:?}", errors.all());
        assert_eq!(
            body["questions"],
            json!([
                {"id": "q1", "text": "Which?", "type": "single_choice", "options": ["A", "B"]},
                {"id": "q2", "text": "How well?", "type": "scale", "required": true,
                 "scale": {"min": 1, "max": 5, "max_label": "Fully"}}
            ])
        );
    }

    #[test]
    fn each_mistake_is_next_to_its_row() {
        let mut values = SurveyValues::new(&TimeZone::UTC);
        values.questions[0].text = "Which?".into();
        values.questions[0].options = "Only one".into();
        values.questions[1].text = "Rate".into();
        values.questions[1].kind = "scale".into();
        values.questions[1].scale_max = "11".into();
        values.questions[2].options = "a\nb".into();
        values.open_date = "2027-02-01".into();
        values.open_time = "10:00".into();
        values.close_date = "2027-01-01".into();
        values.close_time = "10:00".into();
        let mut errors = FieldErrors::default();
        assert!(values.draft(&tr(), &mut errors).is_none());
        for field in ["title", "question-0", "question-1", "question-2", "closes_at"] {
            assert!(errors.get(field).is_some(), "{field}: {:?}", errors.all());
        }
    }
}
