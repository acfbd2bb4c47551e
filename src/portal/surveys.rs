//! Survey pages: `/surveys` (open surveys with their deadlines, then upcoming and closed ones),
//! `/surveys/{id}` (description, dates in the reader's zone, state, questions; the answer form
//! for a signed-in user while the survey is open, prefilled with the organisation's current
//! answer; the results as accessible SVG charts with the numbers in tables, when the reader may
//! see them) and `POST /surveys/{id}/answer` (the organisation's answer, or its revision). The
//! node decides what is visible, the state and who sees results
//! ([`Node::survey_details`](crate::node::Node::survey_details)); answers are checked with the
//! writer's own rule ([`check_answers`](crate::node::flows::check_answers)).

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::charts::{Bar, bar_chart};
use super::forms::FieldErrors;
use super::i18n::Tr;
use super::organisations::OrgLink;
use super::problem::Problem;
use super::publish::{Fields, unreadable};
use super::reader::Reader;
use super::record_id;
use super::records::{Provenance, path_of};
use super::render::{Chrome, Section, page, page_with_status, see_other};
use super::subscriber::blocking;
use crate::http::AppState;
use crate::http::error::status_of;
use crate::model::bodies::{self, Question, SurveyBody, SurveyResponseBody};
use crate::model::{Kind, RecordId};
use crate::node::flows::check_answers;
use crate::node::surveys::{Count, Results, SurveyDetails, SurveyLine, Tally, Tenths};
use crate::node::{Node, PublishRequest, Role};

/// A survey as the list shows it.
struct SurveyRow {
    id: String,
    title: String,
    publisher: OrgLink,
    opens_at: Option<String>,
    closes_at: Option<String>,
}

impl SurveyRow {
    fn of(node: &Node, line: &SurveyLine) -> SurveyRow {
        let body = &line.survey.body;
        SurveyRow {
            id: line.survey.id.to_string(),
            title: body.title.clone(),
            publisher: OrgLink::of(node, &line.survey.origin),
            opens_at: body.opens_at.clone(),
            closes_at: body.closes_at.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "surveys.html")]
struct SurveysPage<'a> {
    c: Chrome<'a>,
    open: Vec<SurveyRow>,
    upcoming: Vec<SurveyRow>,
    closed: Vec<SurveyRow>,
}

/// `GET /surveys`.
pub async fn list(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    let viewer = reader.viewer.clone();
    let now = time::OffsetDateTime::now_utc();
    let lines = blocking(&state, move |node| node.surveys(&viewer, now)).await?;
    let rows = |wanted: &str| -> Vec<SurveyRow> {
        lines
            .iter()
            .filter(|line| line.state.as_str() == wanted)
            .map(|line| SurveyRow::of(&state.node, line))
            .collect()
    };
    let template = SurveysPage {
        open: rows("open"),
        upcoming: rows("upcoming"),
        closed: rows("closed"),
        c: Chrome::new(&state, &reader, Section::Surveys),
    };
    page(&reader, &template)
}

/// One choice of the answer form (an option, a scale point, yes or no).
struct ChoiceView {
    /// What the form sends.
    value: String,
    /// What the reader reads.
    label: String,
    /// Prefilled.
    checked: bool,
}

/// One question as the page shows it, with the form's current value.
struct QuestionView {
    /// `answer-<id>`: the field's name, element id and error key.
    field: String,
    text: String,
    kind: String,
    required: bool,
    choices: Vec<ChoiceView>,
    value: String,
    min_label: Option<String>,
    max_label: Option<String>,
}

impl QuestionView {
    fn of(question: &Question, given: &Fields, tr: &Tr) -> QuestionView {
        let field = field_of(&question.id);
        let chosen = given.all(&field);
        let choice = |value: String, label: String| ChoiceView {
            checked: chosen.contains(&value),
            value,
            label,
        };
        let scale = question.scale.as_ref();
        let choices = match question.kind.as_str() {
            "single_choice" | "multiple_choice" => {
                question.options.iter().map(|o| choice(o.clone(), o.clone())).collect()
            }
            "scale" => {
                let (min, max) = scale.map_or((1, 5), |s| (s.min, s.max));
                (min..=max).map(|p| choice(p.to_string(), tr.number(p.unsigned_abs()))).collect()
            }
            "yes_no" => vec![
                choice("yes".into(), tr.t("survey-yes")),
                choice("no".into(), tr.t("survey-no")),
            ],
            _ => Vec::new(),
        };
        QuestionView {
            value: given.text(&field),
            field,
            text: question.text.clone(),
            kind: question.kind.clone(),
            required: question.required,
            choices,
            min_label: scale.and_then(|s| s.min_label.clone()),
            max_label: scale.and_then(|s| s.max_label.clone()),
        }
    }
}

/// The form field of question `id`.
fn field_of(id: &str) -> String {
    format!("answer-{id}")
}

/// The fields of an answer already given, as the form would send them.
fn fields_of_answer(answers: &[crate::node::surveys::Given]) -> Fields {
    let mut pairs = Vec::new();
    for answer in answers {
        let field = field_of(&answer.question);
        match &answer.value {
            Value::String(s) => pairs.push((field, s.clone())),
            Value::Bool(b) => pairs.push((field, if *b { "yes" } else { "no" }.to_owned())),
            Value::Number(n) => pairs.push((field, n.to_string())),
            Value::Array(items) => {
                for item in items.iter().filter_map(Value::as_str) {
                    pairs.push((field.clone(), item.to_owned()));
                }
            }
            _ => {}
        }
    }
    Fields::from_pairs(pairs)
}

/// One row of a result table.
struct ResultRow {
    label: String,
    count: String,
    percent: String,
}

/// One question's results as the page shows them.
struct ResultView {
    id: String,
    text: String,
    answered: String,
    chart: Option<String>,
    rows: Vec<ResultRow>,
    /// Mean, minimum, maximum, median: label and value.
    figures: Vec<(String, String)>,
    texts: Vec<(OrgLink, String)>,
}

/// The results as the page shows them.
struct ResultsView {
    respondents: String,
    questions: Vec<ResultView>,
    late: Vec<(OrgLink, String)>,
}

/// A number of tenths in the reader's writing ("66.7", "66,7").
fn tenths(tr: &Tr, value: Tenths) -> String {
    let (whole, tenth) = value.parts();
    let sign = if value.is_negative() { "-" } else { "" };
    format!("{sign}{}{}{tenth}", tr.number(whole), tr.t("number-decimal-separator"))
}

/// A whole number in the reader's writing.
fn whole(tr: &Tr, value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", tr.number(value.unsigned_abs()))
}

impl ResultsView {
    fn of(node: &Node, tr: &Tr, survey: &SurveyBody, results: &Results) -> ResultsView {
        ResultsView {
            respondents: tr.count("survey-respondents", results.respondents as u64),
            questions: survey
                .questions
                .iter()
                .zip(&results.questions)
                .map(|(question, result)| ResultView::of(node, tr, question, result))
                .collect(),
            late: results
                .late
                .iter()
                .map(|r| (OrgLink::of(node, &r.origin), r.created_at.clone()))
                .collect(),
        }
    }
}

impl ResultView {
    fn of(
        node: &Node,
        tr: &Tr,
        question: &Question,
        result: &crate::node::surveys::QuestionResult,
    ) -> ResultView {
        let answered = tr.count("survey-answered", result.answered as u64);
        let mut view = ResultView {
            id: question.id.clone(),
            text: question.text.clone(),
            chart: None,
            rows: Vec::new(),
            figures: Vec::new(),
            texts: Vec::new(),
            answered,
        };
        let label_of = |count: &Count| -> String {
            match question.kind.as_str() {
                "yes_no" => tr.t(&format!("survey-{}", count.label)),
                "scale" => scale_label(tr, question, &count.label),
                _ => count.label.clone(),
            }
        };
        let counts = match &result.tally {
            Tally::Choice { options } => Some(options),
            Tally::YesNo { answers } => Some(answers),
            Tally::Scale { points, mean } => {
                if let Some(mean) = mean {
                    view.figures.push((tr.t("survey-mean"), tenths(tr, *mean)));
                }
                Some(points)
            }
            Tally::Integer { min, max, median } => {
                let mut put = |key: &str, value: Option<String>| {
                    if let Some(value) = value {
                        view.figures.push((tr.t(key), value));
                    }
                };
                put("survey-min", min.map(|v| whole(tr, v)));
                put("survey-max", max.map(|v| whole(tr, v)));
                put("survey-median", median.map(|v| tenths(tr, v)));
                None
            }
            Tally::Text { answers } => {
                view.texts = answers
                    .iter()
                    .map(|a| (OrgLink::of(node, &a.origin), a.text.clone()))
                    .collect();
                None
            }
        };
        if let Some(counts) = counts {
            view.rows = counts
                .iter()
                .map(|count| ResultRow {
                    label: label_of(count),
                    count: tr.number(count.count as u64),
                    percent: tr.t_args("survey-percent", &[("value", &tenths(tr, count.percent))]),
                })
                .collect();
            let bars: Vec<Bar> = view
                .rows
                .iter()
                .zip(counts)
                .map(|(row, count)| Bar {
                    label: row.label.clone(),
                    value: tr.t_args(
                        "survey-bar-value",
                        &[("count", &row.count), ("percent", &row.percent)],
                    ),
                    permille: u32::try_from(count.percent.0).unwrap_or(0),
                })
                .collect();
            let chart_id = format!("chart-{}", question.id);
            view.chart = Some(bar_chart(&chart_id, &question.text, &view.answered, &bars));
        }
        view
    }
}

/// A scale point with its end label, when it has one.
fn scale_label(tr: &Tr, question: &Question, point: &str) -> String {
    let scale = question.scale.as_ref();
    let end = match scale {
        Some(s) if point == s.min.to_string() => s.min_label.as_deref(),
        Some(s) if point == s.max.to_string() => s.max_label.as_deref(),
        _ => None,
    };
    let number = point.parse::<u64>().map_or_else(|_| point.to_owned(), |p| tr.number(p));
    match end {
        Some(end) => tr.t_args("survey-scale-point", &[("point", &number), ("label", end)]),
        None => number,
    }
}

/// `?answered=1` after an answer was sent.
#[derive(Debug, Default, Deserialize)]
pub struct SurveyQuery {
    answered: Option<String>,
}

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage<'a> {
    c: Chrome<'a>,
    id: String,
    body: SurveyBody,
    state: &'static str,
    policy: String,
    publisher: OrgLink,
    questions: Vec<QuestionView>,
    may_answer: bool,
    answered_at: Option<String>,
    confirmed: bool,
    errors: FieldErrors,
    results: Option<ResultsView>,
    prov: Provenance,
}

/// What the survey page shows: the node's reading of it, what the form holds, the errors.
struct Shown {
    details: SurveyDetails,
    view: crate::node::reads::RecordView,
    given: Option<Fields>,
    confirmed: bool,
    errors: FieldErrors,
}

fn show_survey(
    state: &AppState,
    reader: &Reader,
    status: StatusCode,
    shown: Shown,
) -> Result<Response, Problem> {
    let Shown { details, view, given, confirmed, errors } = shown;
    let node = &state.node;
    let tr = &reader.tr;
    let given = given.unwrap_or_else(|| {
        details.own_answer.as_ref().map(|a| fields_of_answer(&a.answers)).unwrap_or_default()
    });
    let body = details.survey.body;
    let template = SurveyPage {
        c: Chrome::new(state, reader, Section::Surveys),
        id: details.survey.id.to_string(),
        state: details.state.as_str(),
        policy: body.results.clone().unwrap_or_else(|| "originator".into()),
        publisher: OrgLink::of(node, &details.survey.origin),
        questions: body.questions.iter().map(|q| QuestionView::of(q, &given, tr)).collect(),
        may_answer: details.may_answer,
        answered_at: details.own_answer.map(|a| a.created_at),
        results: details.results.as_ref().map(|r| ResultsView::of(node, tr, &body, r)),
        prov: Provenance::of(state, &view),
        body,
        confirmed,
        errors,
    };
    page_with_status(reader, status, &template)
}

/// Reads survey `id` for `reader`: the page's data, or where another kind is shown.
async fn read(
    state: &AppState,
    reader: &Reader,
    id: RecordId,
) -> Result<Result<(SurveyDetails, crate::node::reads::RecordView), Response>, Problem> {
    let viewer = reader.viewer.clone();
    let now = time::OffsetDateTime::now_utc();
    let (view, details) = blocking(state, move |node| {
        let view = node.get(&viewer, &id)?;
        let details = match view.record.header.kind {
            Kind::Survey => node.survey_details(&viewer, &id, now)?,
            _ => None,
        };
        Ok((view, details))
    })
    .await?;
    let kind = view.record.header.kind;
    if kind != Kind::Survey {
        return Ok(Err(see_other(&path_of(kind, &id))));
    }
    match details {
        Some(details) => Ok(Ok((details, view))),
        None => Err(Problem::NotFound),
    }
}

/// `GET /surveys/{id}`.
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    query: Result<Query<SurveyQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(query) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let id = record_id(&id)?;
    let (details, view) = match read(&state, &reader, id).await? {
        Ok(found) => found,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let confirmed = query.answered.is_some() && details.own_answer.is_some();
    let shown = Shown { details, view, given: None, confirmed, errors: FieldErrors::default() };
    show_survey(&state, &reader, StatusCode::OK, shown)
}

/// `POST /surveys/{id}/answer`: the organisation's answer (a revision replaces the last one).
pub async fn answer(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Member)?;
    let limit = state.node.settings().record_bytes;
    let Form(pairs) = form.map_err(|err| unreadable(err, limit))?;
    let fields = Fields::from_pairs(pairs);
    reader.check_form(&fields.text("csrf"))?;
    let id = record_id(&id)?;
    let (details, view) = match read(&state, &reader, id).await? {
        Ok(found) => found,
        Err(elsewhere) => return Ok(elsewhere),
    };
    if !details.may_answer {
        return Err(Problem::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let body = answers_of(&details.survey.body, &fields, &reader.tr, &mut errors);
    let status = match body {
        Some(answers) if errors.is_empty() => {
            let body = json!({"survey": id, "answers": answers});
            let request = PublishRequest { kind: "survey_response".into(), visibility: None, body };
            match state.node.publish(&reader.viewer, request).await {
                Ok(_) => return Ok(see_other(&format!("/surveys/{id}?answered=1#answer"))),
                Err(err) if status_of(&err).is_client_error() => {
                    errors.add("", format!("{} ({err})", reader.tr.t("form-error-refused")));
                    StatusCode::BAD_REQUEST
                }
                Err(err) => return Err(Problem::Node(err)),
            }
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let shown = Shown { details, view, given: Some(fields), confirmed: false, errors };
    show_survey(&state, &reader, status, shown)
}

/// The answers the form holds, each checked against its question (errors next to it); then
/// the writer's own rule over the whole, so the form never accepts what the node would refuse.
fn answers_of(
    survey: &SurveyBody,
    fields: &Fields,
    tr: &Tr,
    errors: &mut FieldErrors,
) -> Option<Value> {
    let mut answers = Vec::new();
    for question in &survey.questions {
        let field = field_of(&question.id);
        match value_of(question, fields, &field) {
            Ok(Some(value)) => answers.push(json!({"question": question.id, "value": value})),
            Ok(None) if question.required => errors.add(&field, tr.t("survey-error-required")),
            Ok(None) => {}
            Err(key) => errors.add(&field, tr.t(key)),
        }
    }
    if !errors.is_empty() {
        return None;
    }
    if answers.is_empty() {
        errors.add("answers", tr.t("survey-error-empty"));
        return None;
    }
    let answers = Value::Array(answers);
    let typed = bodies::read::<SurveyResponseBody>(&json!({
        "survey": RecordId([0; 32]), "answers": answers.clone()
    }));
    if let Some(typed) = typed
        && let Err(fault) = check_answers(survey, &typed)
    {
        let field = fault_field(survey, &typed, &fault.field);
        errors.add(&field, format!("{} ({})", tr.t("survey-error-invalid"), fault.reason));
        return None;
    }
    Some(answers)
}

/// The form field a fault's pointer (`/answers/2/value`) names.
fn fault_field(survey: &SurveyBody, response: &SurveyResponseBody, pointer: &str) -> String {
    let index = pointer.split('/').nth(2).and_then(|n| n.parse::<usize>().ok());
    let question = index.and_then(|i| response.answers.get(i)).map(|a| a.question.clone());
    match question.filter(|q| survey.questions.iter().any(|s| &s.id == q)) {
        Some(question) => field_of(&question),
        None => "answers".into(),
    }
}

/// The value field `field` holds for `question` (`None`: not answered), or the message id of
/// what is wrong with it.
fn value_of(
    question: &Question,
    fields: &Fields,
    field: &str,
) -> Result<Option<Value>, &'static str> {
    let text = fields.text(field);
    let text = text.trim();
    let chosen = fields.all(field);
    let is_option = |s: &str| question.options.iter().any(|o| o == s);
    match question.kind.as_str() {
        "multiple_choice" if chosen.is_empty() => Ok(None),
        "multiple_choice" if chosen.iter().all(|c| is_option(c)) => Ok(Some(json!(chosen))),
        "multiple_choice" => Err("survey-error-option"),
        _ if text.is_empty() => Ok(None),
        "single_choice" if is_option(text) => Ok(Some(json!(text))),
        "single_choice" => Err("survey-error-option"),
        "yes_no" => match text {
            "yes" => Ok(Some(json!(true))),
            "no" => Ok(Some(json!(false))),
            _ => Err("survey-error-yes-no"),
        },
        "integer" => integer(text).map(|n| Some(json!(n))).ok_or("survey-error-integer"),
        "scale" => {
            let (min, max) = question.scale.as_ref().map_or((1, 5), |s| (s.min, s.max));
            match text.parse::<i64>() {
                Ok(point) if (min..=max).contains(&point) => Ok(Some(json!(point))),
                _ => Err("survey-error-scale"),
            }
        }
        _ => Ok(Some(json!(text))),
    }
}

/// A whole number as typed, within JSON's safe range.
fn integer(text: &str) -> Option<i64> {
    const SAFE: i64 = 9_007_199_254_740_991;
    text.parse::<i64>().ok().filter(|n| (-SAFE..=SAFE).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> SurveyBody {
        bodies::read(&json!({
            "title": "t",
            "questions": [
                {"id": "q1", "text": "Pick", "type": "single_choice", "options": ["a", "b"], "required": true},
                {"id": "q2", "text": "Many", "type": "multiple_choice", "options": ["a", "b"]},
                {"id": "q3", "text": "Rate", "type": "scale", "scale": {"min": 1, "max": 5}},
                {"id": "q4", "text": "Count", "type": "integer"},
                {"id": "q5", "text": "Agree", "type": "yes_no"},
                {"id": "q6", "text": "Why", "type": "text"}
            ]
        }))
        .unwrap()
    }

    fn tr() -> Tr {
        Tr::new(crate::portal::i18n::supported("en").unwrap())
    }

    fn form(pairs: &[(&str, &str)]) -> Fields {
        Fields::from_pairs(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn a_filled_form_becomes_answers_that_fit() {
        let mut errors = FieldErrors::default();
        let fields = form(&[
            ("answer-q1", "b"),
            ("answer-q2", "a"),
            ("answer-q2", "b"),
            ("answer-q3", "4"),
            ("answer-q4", "-12"),
            ("answer-q5", "no"),
            ("answer-q6", "  Because  "),
        ]);
        let answers = answers_of(&survey(), &fields, &tr(), &mut errors).unwrap();
        assert!(errors.is_empty());
        assert_eq!(
            answers,
            json!([
                {"question": "q1", "value": "b"}, {"question": "q2", "value": ["a", "b"]},
                {"question": "q3", "value": 4}, {"question": "q4", "value": -12},
                {"question": "q5", "value": false}, {"question": "q6", "value": "Because"}
            ])
        );
        let back = fields_of_answer(&[crate::node::surveys::Given {
            question: "q2".into(),
            value: json!(["a", "b"]),
        }]);
        assert_eq!(back.all("answer-q2"), ["a", "b"]);
    }

    #[test]
    fn each_wrong_field_has_its_own_error() {
        let mut errors = FieldErrors::default();
        let fields = form(&[
            ("answer-q2", "z"),
            ("answer-q3", "9"),
            ("answer-q4", "1.5"),
            ("answer-q5", "maybe"),
        ]);
        assert!(answers_of(&survey(), &fields, &tr(), &mut errors).is_none());
        for field in ["answer-q1", "answer-q2", "answer-q3", "answer-q4", "answer-q5"] {
            assert!(errors.get(field).is_some(), "{field}: {:?}", errors.all());
        }
        assert!(errors.get("answer-q6").is_none());
    }

    #[test]
    fn tenths_are_written_in_the_readers_language() {
        let fr = Tr::new(crate::portal::i18n::supported("fr").unwrap());
        assert_eq!(tenths(&tr(), Tenths(12_345)), "1,234.5");
        assert_eq!(tenths(&fr, Tenths(667)), "66,7");
        assert_eq!(tenths(&tr(), Tenths(-5)), "-0.5");
    }
}
