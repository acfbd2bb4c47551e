//! What the survey pages, the survey API and the CSV export read, decided here: a survey as a
//! viewer sees it (its state at a given time, the viewer's organisation's current answer, whether
//! the viewer may answer now), the surveys a viewer may see (open first, closing soonest), and
//! the results — the newest on-time response of each organisation to that exact survey version,
//! tallied per question in integer arithmetic, with responses signed at or after the closing
//! time listed as late and not counted. Who may see results is decided here too, for the API
//! and the portal alike: the survey's origin always; under the `respondents` policy, once the
//! survey has closed, organisations that answered.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::Value;
use time::OffsetDateTime;

use super::catalog::Item;
use super::error::NodeError;
use super::{Node, Viewer};
use crate::model::bodies::{self, Question, SurveyBody, SurveyResponseBody};
use crate::model::record::parse_utc_timestamp;
use crate::model::{Kind, NodeId, RecordId};

/// Most surveys a listing reads (a guard against a hostile log).
const MAX_SURVEYS: usize = 10_000;

/// Where a survey stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyState {
    /// Taking answers.
    Open,
    /// Not taking answers yet.
    Upcoming,
    /// No longer taking answers.
    Closed,
}

impl SurveyState {
    /// The lowercase name (`open`, `upcoming`, `closed`).
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyState::Open => "open",
            SurveyState::Upcoming => "upcoming",
            SurveyState::Closed => "closed",
        }
    }
}

/// A number with one decimal, held as tenths (integer arithmetic throughout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Tenths(pub i64);

impl Tenths {
    /// The whole part (towards zero) and the decimal digit, without sign.
    pub fn parts(self) -> (u64, u64) {
        let abs = self.0.unsigned_abs();
        (abs / 10, abs % 10)
    }

    /// Whether it is below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, tenth) = self.parts();
        let sign = if self.is_negative() { "-" } else { "" };
        write!(f, "{sign}{whole}.{tenth}")
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

/// `part` of `whole` as a percentage in tenths, rounded half up (0 of nothing is 0).
pub fn percent(part: usize, whole: usize) -> Tenths {
    if whole == 0 {
        return Tenths(0);
    }
    let (part, whole) = (part as i64, whole as i64);
    Tenths((part.saturating_mul(2000) + whole) / (2 * whole))
}

/// One answer as signed.
#[derive(Debug, Clone, Serialize)]
pub struct Given {
    /// The question id.
    pub question: String,
    /// The value.
    pub value: Value,
}

/// One organisation's response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The response record.
    pub id: RecordId,
    /// The organisation that answered.
    pub origin: NodeId,
    /// Its place in that organisation's log (the newest counts).
    pub seq: u64,
    /// When it was signed.
    pub created_at: String,
    /// Signed at or after the closing time (listed, not counted).
    pub late: bool,
    /// The answers.
    pub answers: Vec<Given>,
}

impl Response {
    /// The value given for question `id`.
    pub fn value(&self, id: &str) -> Option<&Value> {
        self.answers.iter().find(|a| a.question == id).map(|a| &a.value)
    }
}

/// How many chose one option (or point, or yes/no), and the share of those who answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The option as written (a scale point as its number; `yes`/`no`).
    pub label: String,
    /// How many organisations chose it.
    pub count: usize,
    /// Of the organisations that answered the question, in percent.
    pub percent: Tenths,
}

/// A free-text answer with its organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextAnswer {
    /// The organisation.
    pub origin: NodeId,
    /// What it wrote.
    pub text: String,
}

/// The tally of one question, by its type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Tally {
    /// Single or multiple choice: a count per option, in the survey's order.
    Choice {
        /// The options.
        options: Vec<Count>,
    },
    /// A scale: a count per point, lowest first, and the mean.
    Scale {
        /// The points.
        points: Vec<Count>,
        /// The mean point (none when nobody answered).
        mean: Option<Tenths>,
    },
    /// Whole numbers: the smallest, the largest and the median.
    Integer {
        /// Smallest.
        min: Option<i64>,
        /// Largest.
        max: Option<i64>,
        /// Median.
        median: Option<Tenths>,
    },
    /// Yes or no.
    YesNo {
        /// Yes, then no.
        answers: Vec<Count>,
    },
    /// Free text, by organisation.
    Text {
        /// The answers.
        answers: Vec<TextAnswer>,
    },
}

/// The results of one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionResult {
    /// The question id.
    pub question: String,
    /// How many counted organisations answered it.
    pub answered: usize,
    /// The tally.
    pub tally: Tally,
}

/// The results of a survey version.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// How many organisations' responses are counted.
    pub respondents: usize,
    /// Per question, in the survey's order.
    pub questions: Vec<QuestionResult>,
    /// The counted responses (the newest on-time one of each organisation), oldest first.
    pub responses: Vec<Response>,
    /// Responses signed at or after the closing time (the newest of each organisation).
    pub late: Vec<Response>,
}

/// A survey as its page and the API show it.
#[derive(Debug, Clone)]
pub struct SurveyDetails {
    /// The survey.
    pub survey: Item<SurveyBody>,
    /// Its state at the time asked.
    pub state: SurveyState,
    /// The newest response of the viewer's organisation, if any.
    pub own_answer: Option<Response>,
    /// Whether the viewer may answer now (a local user, the survey current and open).
    pub may_answer: bool,
    /// The results, when the viewer may see them.
    pub results: Option<Results>,
}

/// A survey as a list shows it.
#[derive(Debug, Clone)]
pub struct SurveyLine {
    /// The survey.
    pub survey: Item<SurveyBody>,
    /// Its state at the time asked.
    pub state: SurveyState,
}

/// The state of `survey` at `now`.
pub fn state_of(survey: &SurveyBody, now: OffsetDateTime) -> SurveyState {
    let at = |time: &Option<String>| time.as_deref().and_then(parse_utc_timestamp);
    if at(&survey.closes_at).is_some_and(|closes| now >= closes) {
        SurveyState::Closed
    } else if at(&survey.opens_at).is_some_and(|opens| now < opens) {
        SurveyState::Upcoming
    } else {
        SurveyState::Open
    }
}

/// Whether a response signed at `created_at` is late for `survey`.
fn is_late(survey: &SurveyBody, created_at: &str) -> bool {
    let closes = survey.closes_at.as_deref().and_then(parse_utc_timestamp);
    match (closes, parse_utc_timestamp(created_at)) {
        (Some(closes), Some(signed)) => signed >= closes,
        _ => false,
    }
}

/// Whether results are shared with respondents once closed.
fn shared_with_respondents(survey: &SurveyBody) -> bool {
    survey.results.as_deref() == Some("respondents")
}

/// The organisation a viewer reads for.
fn viewer_node(node: &Node, viewer: &Viewer) -> Option<NodeId> {
    match viewer {
        Viewer::Anonymous => None,
        Viewer::Local(_) => Some(node.id()),
        Viewer::Peer(peer) => Some(*peer),
    }
}

/// Lists sorted for reading: open (closing soonest, open-ended last), then upcoming (opening
/// soonest), then closed (most recently closed first).
fn list_order(lines: &mut [SurveyLine]) {
    let at = |t: &Option<String>| {
        t.as_deref().and_then(parse_utc_timestamp).map_or(i64::MAX, |t| t.unix_timestamp())
    };
    lines.sort_by_key(|line| {
        let body = &line.survey.body;
        let when = match line.state {
            SurveyState::Open => at(&body.closes_at),
            SurveyState::Upcoming => at(&body.opens_at),
            SurveyState::Closed => at(&body.closes_at).saturating_neg(),
        };
        (line.state, when)
    });
}

impl Node {
    /// Every current survey `viewer` may see, with its state at `now`, in reading order.
    pub fn surveys(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
    ) -> Result<Vec<SurveyLine>, NodeError> {
        let mut surveys = self.current_of_kind::<SurveyBody>(viewer, Kind::Survey)?;
        surveys.truncate(MAX_SURVEYS);
        let mut lines: Vec<SurveyLine> = surveys
            .into_iter()
            .map(|survey| SurveyLine { state: state_of(&survey.body, now), survey })
            .collect();
        list_order(&mut lines);
        Ok(lines)
    }

    /// Survey `id` as `viewer` sees it at `now`; `None` when it is not a survey `viewer` may
    /// see.
    pub fn survey_details(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        now: OffsetDateTime,
    ) -> Result<Option<SurveyDetails>, NodeError> {
        let Some(survey) = self.survey_item(viewer, id)? else { return Ok(None) };
        let state = state_of(&survey.body, now);
        let responses = self.responses(viewer, &survey)?;
        let own = viewer_node(self, viewer);
        let own_answer = own.and_then(|own| {
            responses.iter().filter(|r| r.origin == own).max_by_key(|r| r.seq).cloned()
        });
        let may_answer = matches!(viewer, Viewer::Local(_))
            && state == SurveyState::Open
            && self.is_answerable(id)?;
        let results = self
            .may_see_results(viewer, &survey, state, &responses)
            .then(|| tally(&survey.body, responses));
        Ok(Some(SurveyDetails { survey, state, own_answer, may_answer, results }))
    }

    /// The results of survey `id` for `viewer` at `now`: not found when the survey is not one
    /// `viewer` may see, forbidden when its results are not `viewer`'s to see.
    pub fn survey_results(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        now: OffsetDateTime,
    ) -> Result<(Item<SurveyBody>, Results), NodeError> {
        let details =
            self.survey_details(viewer, id, now)?.ok_or_else(|| NodeError::record_not_found(id))?;
        match details.results {
            Some(results) => Ok((details.survey, results)),
            None => Err(NodeError::Forbidden(
                "the results of this survey are for its originator (and, when it says so, \
                 for respondents once it has closed)"
                    .into(),
            )),
        }
    }

    /// Survey `id` as an item, if it is a survey `viewer` may see.
    fn survey_item(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<Item<SurveyBody>>, NodeError> {
        let Some(stored) = self.visible(viewer, id)? else { return Ok(None) };
        if stored.record.header.kind != Kind::Survey {
            return Ok(None);
        }
        self.item(viewer, id)
    }

    /// Whether survey `id` still takes answers from this node: neither retracted nor replaced.
    fn is_answerable(&self, id: &RecordId) -> Result<bool, NodeError> {
        if self.store.retraction_of(id)?.is_some() {
            return Ok(false);
        }
        let newer = self.store.superseded_by(id)?;
        Ok(!newer.iter().any(|n| self.settled_id(n)))
    }

    /// Every response to exactly `survey` that `viewer` may see, with its lateness.
    fn responses(
        &self,
        viewer: &Viewer,
        survey: &Item<SurveyBody>,
    ) -> Result<Vec<Response>, NodeError> {
        let mut out = Vec::new();
        for reference in self.store.references_to(&survey.id)? {
            if !reference.is("survey", Kind::SurveyResponse) {
                continue;
            }
            let source = reference.source;
            let Some(stored) = self.visible(viewer, &source)? else { continue };
            let header = &stored.record.header;
            if header.kind != Kind::SurveyResponse {
                continue;
            }
            let body = stored.record.body.as_ref().and_then(bodies::read::<SurveyResponseBody>);
            let Some(body) = body.filter(|b| b.survey == survey.id) else { continue };
            out.push(Response {
                id: source,
                origin: header.origin,
                seq: header.seq,
                late: is_late(&survey.body, &header.created_at),
                created_at: header.created_at.clone(),
                answers: body
                    .answers
                    .into_iter()
                    .map(|a| Given { question: a.question, value: a.value })
                    .collect(),
            });
        }
        Ok(out)
    }

    /// Whether `viewer` may see the results of `survey` in `state`, given its responses.
    fn may_see_results(
        &self,
        viewer: &Viewer,
        survey: &Item<SurveyBody>,
        state: SurveyState,
        responses: &[Response],
    ) -> bool {
        let Some(node) = viewer_node(self, viewer) else { return false };
        if node == survey.origin {
            return true;
        }
        shared_with_respondents(&survey.body)
            && state == SurveyState::Closed
            && responses.iter().any(|r| r.origin == node && !r.late)
    }
}

/// The results of `survey` from `responses`: the newest on-time response of each organisation
/// counted, the newest late one of each listed.
pub fn tally(survey: &SurveyBody, responses: Vec<Response>) -> Results {
    let mut counted: BTreeMap<NodeId, Response> = BTreeMap::new();
    let mut late: BTreeMap<NodeId, Response> = BTreeMap::new();
    for response in responses {
        let keep = if response.late { &mut late } else { &mut counted };
        match keep.get(&response.origin) {
            Some(held) if held.seq >= response.seq => {}
            _ => {
                keep.insert(response.origin, response);
            }
        }
    }
    let mut responses: Vec<Response> = counted.into_values().collect();
    responses.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.origin.cmp(&b.origin)));
    let mut late: Vec<Response> = late.into_values().collect();
    late.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    Results {
        respondents: responses.len(),
        questions: survey.questions.iter().map(|q| question_result(q, &responses)).collect(),
        responses,
        late,
    }
}

/// The tally of one question over the counted responses.
fn question_result(question: &Question, responses: &[Response]) -> QuestionResult {
    let values: Vec<(NodeId, &Value)> =
        responses.iter().filter_map(|r| r.value(&question.id).map(|v| (r.origin, v))).collect();
    let answered = values.len();
    let tally = match question.kind.as_str() {
        "single_choice" | "multiple_choice" => choice_tally(question, &values),
        "scale" => scale_tally(question, &values),
        "integer" => integer_tally(&values),
        "yes_no" => yes_no_tally(&values),
        _ => Tally::Text {
            answers: values
                .iter()
                .filter_map(|(origin, v)| {
                    v.as_str().map(|text| TextAnswer { origin: *origin, text: text.to_owned() })
                })
                .collect(),
        },
    };
    QuestionResult { question: question.id.clone(), answered, tally }
}

/// Whether `value` chose `option` (a single choice's text, or one of a multiple choice's).
fn chose(value: &Value, option: &str) -> bool {
    match value {
        Value::String(s) => s == option,
        Value::Array(items) => items.iter().any(|i| i.as_str() == Some(option)),
        _ => false,
    }
}

fn counts(labels: Vec<(String, usize)>, answered: usize) -> Vec<Count> {
    labels
        .into_iter()
        .map(|(label, count)| Count { label, count, percent: percent(count, answered) })
        .collect()
}

fn choice_tally(question: &Question, values: &[(NodeId, &Value)]) -> Tally {
    let labels = question
        .options
        .iter()
        .map(|option| (option.clone(), values.iter().filter(|(_, v)| chose(v, option)).count()))
        .collect();
    Tally::Choice { options: counts(labels, values.len()) }
}

fn scale_tally(question: &Question, values: &[(NodeId, &Value)]) -> Tally {
    let (min, max) = question.scale.as_ref().map_or((1, 5), |s| (s.min, s.max));
    let points: Vec<i64> = values.iter().filter_map(|(_, v)| v.as_i64()).collect();
    let labels = (min..=max)
        .map(|point| (point.to_string(), points.iter().filter(|p| **p == point).count()))
        .collect();
    let mean = (!points.is_empty()).then(|| {
        let n = points.len() as i64;
        let sum: i64 = points.iter().fold(0i64, |acc, p| acc.saturating_add(*p));
        Tenths(sum.saturating_mul(20).saturating_add(n) / (2 * n))
    });
    Tally::Scale { points: counts(labels, values.len()), mean }
}

fn integer_tally(values: &[(NodeId, &Value)]) -> Tally {
    let mut numbers: Vec<i64> = values.iter().filter_map(|(_, v)| v.as_i64()).collect();
    numbers.sort_unstable();
    let middle = numbers.len() / 2;
    let median = match (numbers.len() % 2, numbers.get(middle)) {
        (_, None) => None,
        (1, Some(m)) => Some(Tenths(m.saturating_mul(10))),
        (_, Some(high)) => numbers
            .get(middle.wrapping_sub(1))
            .map(|low| Tenths(low.saturating_add(*high).saturating_mul(5))),
    };
    Tally::Integer { min: numbers.first().copied(), max: numbers.last().copied(), median }
}

fn yes_no_tally(values: &[(NodeId, &Value)]) -> Tally {
    let yes = values.iter().filter(|(_, v)| v.as_bool() == Some(true)).count();
    let no = values.iter().filter(|(_, v)| v.as_bool() == Some(false)).count();
    Tally::YesNo { answers: counts(vec![("yes".into(), yes), ("no".into(), no)], values.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn survey() -> SurveyBody {
        bodies::read(&json!({
            "title": "t",
            "closes_at": "2027-01-01T00:00:00Z",
            "questions": [
                {"id": "q1", "text": "Pick", "type": "single_choice", "options": ["a", "b", "c"]},
                {"id": "q2", "text": "Many", "type": "multiple_choice", "options": ["x", "y"]},
                {"id": "q3", "text": "Rate", "type": "scale", "scale": {"min": 1, "max": 5}},
                {"id": "q4", "text": "Count", "type": "integer"},
                {"id": "q5", "text": "Agree", "type": "yes_no"},
                {"id": "q6", "text": "Why", "type": "text"}
            ]
        }))
        .unwrap()
    }

    fn response(origin: u8, seq: u64, at: &str, answers: Value) -> Response {
        let answers = answers
            .as_object()
            .unwrap()
            .iter()
            .map(|(q, v)| Given { question: q.clone(), value: v.clone() })
            .collect();
        Response {
            id: RecordId([origin.wrapping_mul(16).wrapping_add(seq as u8); 32]),
            origin: NodeId([origin; 32]),
            seq,
            late: is_late(&survey(), at),
            created_at: at.into(),
            answers,
        }
    }

    #[test]
    fn the_newest_on_time_answer_of_each_organisation_counts() {
        let results = tally(
            &survey(),
            vec![
                response(1, 2, "2026-01-01T00:00:00Z", json!({"q1": "a", "q4": 10})),
                response(1, 5, "2026-02-01T00:00:00Z", json!({"q1": "b", "q4": 3})),
                response(2, 4, "2026-01-05T00:00:00Z", json!({"q1": "b", "q4": 4})),
                response(3, 2, "2026-01-06T00:00:00Z", json!({"q1": "c", "q4": -1})),
                response(3, 3, "2027-01-01T00:00:00Z", json!({"q1": "a", "q4": 99})),
            ],
        );
        assert_eq!(results.respondents, 3);
        assert_eq!(results.late.len(), 1);
        assert_eq!(results.late[0].seq, 3);
        let Tally::Choice { options } = &results.questions[0].tally else { panic!() };
        let seen: Vec<(&str, usize, String)> =
            options.iter().map(|o| (o.label.as_str(), o.count, o.percent.to_string())).collect();
        assert_eq!(
            seen,
            [("a", 0, "0.0".into()), ("b", 2, "66.7".into()), ("c", 1, "33.3".into())]
        );
        assert_eq!(
            results.questions[3].tally,
            Tally::Integer { min: Some(-1), max: Some(4), median: Some(Tenths(30)) }
        );
    }

    #[test]
    fn each_type_is_tallied() {
        let results = tally(
            &survey(),
            vec![
                response(
                    1,
                    2,
                    "2026-01-01T00:00:00Z",
                    json!({"q2": ["x", "y"], "q3": 5, "q4": 1, "q5": true, "q6": "Because"}),
                ),
                response(
                    2,
                    2,
                    "2026-01-02T00:00:00Z",
                    json!({"q2": ["y"], "q3": 4, "q4": 2, "q5": false}),
                ),
                response(3, 2, "2026-01-03T00:00:00Z", json!({"q2": [], "q3": 4, "q5": true})),
            ],
        );
        let [_, many, scale, integer, yes_no, text] = results.questions.as_slice() else {
            panic!()
        };
        let Tally::Choice { options } = &many.tally else { panic!() };
        assert_eq!((options[0].count, options[1].count, many.answered), (1, 2, 3));
        assert_eq!(options[1].percent, Tenths(667));
        let Tally::Scale { points, mean } = &scale.tally else { panic!() };
        assert_eq!(points.iter().map(|p| p.count).collect::<Vec<_>>(), [0, 0, 0, 2, 1]);
        assert_eq!(mean.map(|m| m.to_string()), Some("4.3".into()));
        assert_eq!(
            integer.tally,
            Tally::Integer { min: Some(1), max: Some(2), median: Some(Tenths(15)) }
        );
        let Tally::YesNo { answers } = &yes_no.tally else { panic!() };
        assert_eq!((answers[0].count, answers[1].count), (2, 1));
        let Tally::Text { answers } = &text.tally else { panic!() };
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].text, "Because");
        assert_eq!(answers[0].origin, NodeId([1; 32]));
    }

    #[test]
    fn nothing_answered_is_zero_not_a_division_by_zero() {
        let results = tally(&survey(), Vec::new());
        assert_eq!(results.respondents, 0);
        let Tally::Scale { mean, .. } = &results.questions[2].tally else { panic!() };
        assert_eq!(*mean, None);
        assert_eq!(percent(0, 0), Tenths(0));
        assert_eq!(Tenths(-15).to_string(), "-1.5");
    }

    #[test]
    fn lists_put_open_surveys_first_closing_soonest() {
        let line = |n: u8, opens: Option<&str>, closes: Option<&str>| {
            let mut body = survey();
            body.title = format!("s{n}");
            body.opens_at = opens.map(str::to_owned);
            body.closes_at = closes.map(str::to_owned);
            let now = parse_utc_timestamp("2026-06-01T00:00:00Z").unwrap();
            SurveyLine {
                state: state_of(&body, now),
                survey: Item {
                    id: RecordId([n; 32]),
                    origin: NodeId([1; 32]),
                    created_at: "2026-01-01T00:00:00Z".into(),
                    body,
                },
            }
        };
        let mut lines = vec![
            line(1, None, Some("2026-01-01T00:00:00Z")),
            line(2, None, None),
            line(3, None, Some("2026-09-01T00:00:00Z")),
            line(4, Some("2026-07-01T00:00:00Z"), None),
            line(5, None, Some("2026-07-01T00:00:00Z")),
            line(6, None, Some("2026-03-01T00:00:00Z")),
        ];
        list_order(&mut lines);
        let titles: Vec<&str> = lines.iter().map(|l| l.survey.body.title.as_str()).collect();
        assert_eq!(titles, ["s5", "s3", "s2", "s4", "s6", "s1"]);
    }

    #[test]
    fn states_follow_the_opening_and_closing_times() {
        let mut body = survey();
        body.opens_at = Some("2026-06-01T00:00:00Z".into());
        let at = |s: &str| parse_utc_timestamp(s).unwrap();
        assert_eq!(state_of(&body, at("2026-05-31T23:59:59Z")), SurveyState::Upcoming);
        assert_eq!(state_of(&body, at("2026-06-01T00:00:00Z")), SurveyState::Open);
        assert_eq!(state_of(&body, at("2027-01-01T00:00:00Z")), SurveyState::Closed);
    }
}
