//! The portal's reading pages against a real node over real HTTP: the meetings archive and a
//! meeting's page (agenda linked to exact versions, "revised since the agenda", participants,
//! both time zones, cancellation), working groups (members, documents, meetings, material
//! restricted to the group), organisations (publications paginated), the iCalendar feeds
//! (parsed back with the `icalendar` parser: stable UID, SEQUENCE, STATUS) and the Atom feeds
//! (parsed with `feed-rs`) — each checked for what an anonymous reader, a member and a bad API
//! token get.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ForeignLog, TestNode, document};
use icalendar::{Component, EventStatus};
use plenary::model::{Kind, NodeId, RecordId, Visibility};
use plenary::node::Role;
use serde_json::{Value, json};

/// The password of test accounts.
const PASSWORD: &str = "a long test password";

/// A portal response: status, content type, body.
struct Page {
    status: u16,
    content_type: String,
    location: Option<String>,
    body: String,
}

/// Who reads: anonymous, a session cookie, or an API token.
#[derive(Clone, Copy)]
enum As<'a> {
    Anonymous,
    Cookie(&'a str),
    Bearer(&'a str),
    French,
}

async fn fetch(node: &TestNode, path: &str, who: As<'_>) -> Page {
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut request = client.get(format!("{}{path}", node.url));
    request = match who {
        As::Anonymous => request,
        As::Cookie(secret) => request.header("Cookie", format!("plenary_session={secret}")),
        As::Bearer(token) => request.bearer_auth(token),
        As::French => request.header("Accept-Language", "fr-FR,fr;q=0.9"),
    };
    let response = request.send().await.unwrap();
    let header = |name| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    Page {
        status: response.status().as_u16(),
        content_type: header(reqwest::header::CONTENT_TYPE).unwrap_or_default(),
        location: header(reqwest::header::LOCATION),
        body: response.text().await.unwrap(),
    }
}

/// A page that must answer 200.
async fn ok(node: &TestNode, path: &str, who: As<'_>) -> String {
    let page = fetch(node, path, who).await;
    assert_eq!(page.status, 200, "GET {path}: {}", page.body);
    page.body
}

/// A member account's web session.
async fn member_session(node: &TestNode) -> String {
    node.node.add_user("reader", Role::Member, PASSWORD).await.unwrap();
    node.login("reader", PASSWORD).await
}

fn with(mut body: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn meeting(title: &str, starts_at: &str) -> Value {
    json!({"title": title, "meeting_type": "plenary", "starts_at": starts_at})
}

/// What the meeting tests publish.
struct Agenda {
    draft_v1: RecordId,
    note_v2: RecordId,
    draft_v2: RecordId,
    briefing: RecordId,
    group: RecordId,
    annual: RecordId,
    webinar: RecordId,
    closed: RecordId,
    cancelled: RecordId,
}

async fn publish_meetings(node: &TestNode) -> Agenda {
    let admin = &node.admin;
    let draft =
        json!({"title": "Draft stocktaking study", "language": "en", "symbol": "IOP/2031/1"});
    let draft_v1 = node.publish(admin, "document", json!("public"), draft.clone()).await;
    let revised = with(
        draft,
        json!({"symbol": "IOP/2031/1/REV1", "supersedes": draft_v1.to_string(), "relation": "revision"}),
    );
    let draft_v2 = node.publish(admin, "document", json!("public"), revised).await;
    let briefing =
        node.publish(admin, "document", json!("partners"), document("Confidential briefing")).await;
    let note_v1 = node.publish(admin, "document", json!("public"), document("Public note")).await;
    let note_v2 = with(
        document("Public note, revised for partners"),
        json!({"supersedes": note_v1.to_string()}),
    );
    let note_v2 = node.publish(admin, "document", json!("partners"), note_v2).await;
    let group = json!({"slug": "ria", "name": "Regulatory impact assessment"});
    let group = node.publish(admin, "working_group", json!("public"), group).await;
    let me = node.node.id().to_string();
    let annual = with(
        meeting("Eleventh annual meeting", "2031-06-15T07:30:00Z"),
        json!({
            "series": "Annual Meeting", "ends_at": "2031-06-16T15:00:00Z", "timezone": "Europe/Zurich",
            "status": "confirmed", "host": me, "invited": [me], "working_group": group.to_string(),
            "description": "Hybrid meeting.",
            "location": {"name": "Centre William Rappard", "online_url": "https://meet.example/annual"},
            "agenda": [
                {"number": "1", "title": "Stocktaking", "documents": [draft_v1.to_string()]},
                {"number": "2", "title": "Closed briefing", "documents": [briefing.to_string()]},
                {"number": "3", "title": "Notes", "documents": [note_v1.to_string()]},
            ],
        }),
    );
    let annual = node.publish(admin, "meeting", json!("public"), annual).await;
    let webinar = with(
        meeting("Webinar on stakeholder engagement", "2025-03-01T10:00:00Z"),
        json!({"series": "Webinars", "meeting_type": "webinar", "status": "held", "minutes": draft_v2.to_string()}),
    );
    let webinar = node.publish(admin, "meeting", json!("public"), webinar).await;
    let closed = node
        .publish(
            admin,
            "meeting",
            json!("partners"),
            meeting("Closed partners session", "2031-02-01T09:00:00Z"),
        )
        .await;
    let cancelled = with(
        meeting("Workshop on sandboxes", "2031-09-01T09:00:00Z"),
        json!({"status": "cancelled", "meeting_type": "workshop"}),
    );
    let cancelled = node.publish(admin, "meeting", json!("public"), cancelled).await;
    let rsvp = json!({"meeting": annual.to_string(), "response": "accept", "attendees": ["Jane Doe, Policy Analyst"]});
    node.publish(admin, "rsvp", json!("public"), rsvp).await;
    Agenda { draft_v1, note_v2, draft_v2, briefing, group, annual, webinar, closed, cancelled }
}

#[tokio::test]
async fn the_meetings_archive_lists_by_year_and_series_and_hides_what_the_reader_may_not_see() {
    let node = TestNode::start().await;
    let a = publish_meetings(&node).await;
    let page = ok(&node, "/meetings", As::Anonymous).await;
    for expected in [
        "Eleventh annual meeting",
        "Webinar on stakeholder engagement",
        "Workshop on sandboxes",
        "Cancelled",
        "href=\"/meetings?year=2025\"",
        "href=\"/meetings?series=Annual%20Meeting\"",
        "aria-current=\"page\"",
        "href=\"/calendar.ics\"",
    ] {
        assert!(page.contains(expected), "/meetings lacks {expected}");
    }
    assert!(!page.contains("Closed partners session"), "a partners meeting leaks");
    assert!(!page.contains(&a.closed.to_string()));
    let upcoming = page.find("Eleventh annual meeting").unwrap();
    assert!(upcoming < page.find("Webinar on stakeholder engagement").unwrap(), "upcoming first");

    let year = ok(&node, "/meetings?year=2025", As::Anonymous).await;
    assert!(year.contains("Webinar on stakeholder engagement"));
    assert!(!year.contains("Eleventh annual meeting"));
    let series = ok(&node, "/meetings?series=Annual%20Meeting", As::Anonymous).await;
    assert!(series.contains("Eleventh annual meeting"));
    assert!(!series.contains("Webinar on stakeholder engagement"));
    assert_eq!(fetch(&node, "/meetings?year=last", As::Anonymous).await.status, 400);

    let member = member_session(&node).await;
    let page = ok(&node, "/meetings", As::Cookie(&member)).await;
    assert!(page.contains("Closed partners session"));
    let _ = (a.webinar, a.group);
}

#[tokio::test]
async fn a_meeting_page_links_exact_versions_and_says_what_was_revised() {
    let node = TestNode::start().await;
    let a = publish_meetings(&node).await;
    let page = ok(&node, &format!("/meetings/{}", a.annual), As::Anonymous).await;
    for expected in [
        "<h1 class=\"page-title\"><bdi>Eleventh annual meeting</bdi></h1>",
        "Confirmed",
        "15 June 2031, 09:30 (Europe/Zurich)",
        "15 June 2031, 07:30 (UTC)",
        "Centre William Rappard",
        "https://meet.example/annual",
        &format!("href=\"/documents/{}\"", a.draft_v1),
        "IOP/2031/1",
        "revised since the agenda",
        &format!("href=\"/documents/{}\"", a.draft_v2),
        "A document you may not see",
        "Jane Doe, Policy Analyst",
        "Will attend",
        &format!("href=\"/groups/{}\"", a.group),
        "Regulatory impact assessment",
        &format!("href=\"/meetings/{}/calendar.ics\"", a.annual),
        "Provenance",
        "Invited organisations",
    ] {
        assert!(page.contains(expected), "the meeting page lacks {expected}");
    }
    assert!(!page.contains("Confidential briefing"), "a partners document's title leaks");
    assert_eq!(
        page.matches("revised since the agenda").count(),
        1,
        "a revision one may not see is not announced"
    );
    assert!(!page.contains(&a.note_v2.to_string()));
    let member = member_session(&node).await;
    let page = ok(&node, &format!("/meetings/{}", a.annual), As::Cookie(&member)).await;
    assert!(page.contains("Confidential briefing"));
    assert!(page.contains(&format!("href=\"/documents/{}\"", a.briefing)));
    assert_eq!(page.matches("revised since the agenda").count(), 2);
    assert!(page.contains(&format!("href=\"/documents/{}\"", a.note_v2)));

    let webinar = ok(&node, &format!("/meetings/{}", a.webinar), As::Anonymous).await;
    assert!(webinar.contains("Minutes") && webinar.contains("IOP/2031/1/REV1"));
    assert!(!webinar.contains("revised since the agenda"), "the minutes are current");
    let cancelled = ok(&node, &format!("/meetings/{}", a.cancelled), As::Anonymous).await;
    assert!(cancelled.contains("This meeting is cancelled."));
    let french = ok(&node, &format!("/meetings/{}", a.annual), As::French).await;
    assert!(french.contains("Ordre du jour") && french.contains("révisé depuis l’ordre du jour"));
    assert!(
        french.contains("15 juin 2031 à 09:30 (Europe/Zurich)") && french.contains("Confirmée")
    );
}

#[tokio::test]
async fn bad_and_foreign_ids_answer_404_or_the_right_page() {
    let node = TestNode::start().await;
    let a = publish_meetings(&node).await;
    for path in [
        "/meetings/not-an-id".to_owned(),
        format!("/meetings/{}", "ab".repeat(32)),
        format!("/meetings/{}", a.closed),
        format!("/meetings/{}/calendar.ics", a.closed),
        "/groups/xyz".to_owned(),
        format!("/groups/{}", "cd".repeat(32)),
        format!("/groups/{}/feed.atom", "cd".repeat(32)),
        "/organisations/not-a-node".to_owned(),
        format!("/organisations/{}", ForeignLog::new(42).key.node_id()),
    ] {
        let page = fetch(&node, &path, As::Anonymous).await;
        assert_eq!(page.status, 404, "GET {path}");
        assert!(page.content_type.starts_with("text/html"), "a styled page for {path}");
    }
    let to_document = fetch(&node, &format!("/meetings/{}", a.draft_v1), As::Anonymous).await;
    assert_eq!(to_document.status, 303);
    assert_eq!(to_document.location, Some(format!("/documents/{}", a.draft_v1)));
    let to_meeting = fetch(&node, &format!("/groups/{}", a.annual), As::Anonymous).await;
    assert_eq!(to_meeting.location, Some(format!("/meetings/{}", a.annual)));
}

/// Parses a calendar, checking its content type.
async fn calendar(node: &TestNode, path: &str, who: As<'_>) -> icalendar::Calendar {
    let page = fetch(node, path, who).await;
    assert_eq!(page.status, 200, "GET {path}: {}", page.body);
    assert_eq!(page.content_type, "text/calendar; charset=utf-8");
    assert!(page.body.starts_with("BEGIN:VCALENDAR\r\n"));
    let calendar: icalendar::Calendar = page.body.parse().unwrap();
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert_eq!(calendar.property_value("PRODID"), Some("-//Plenary//Plenary portal//EN"));
    calendar
}

fn event_titled<'c>(
    calendar: &'c icalendar::Calendar,
    title: &str,
) -> Option<&'c icalendar::Event> {
    calendar.events().find(|e| e.get_summary() == Some(title))
}

#[tokio::test]
async fn calendars_keep_one_uid_per_meeting_count_updates_and_show_only_what_the_subscriber_may_see()
 {
    let node = TestNode::start().await;
    let admin = &node.admin;
    let first = with(
        meeting("Plenary, first notice", "2031-06-15T07:30:00Z"),
        json!({"status": "planned", "ends_at": "2031-06-15T15:00:00Z", "location": {"name": "Palais", "address": "Rue 1\n1211 Geneva"}}),
    );
    let v1 = node.publish(admin, "meeting", json!("public"), first.clone()).await;
    let updated = with(
        first,
        json!({"title": "Plenary, confirmed", "status": "confirmed", "supersedes": v1.to_string()}),
    );
    let v2 = node.publish(admin, "meeting", json!("public"), updated).await;
    let called_off = with(
        meeting("Called-off workshop", "2031-07-01T09:00:00Z"),
        json!({"status": "cancelled"}),
    );
    node.publish(admin, "meeting", json!("public"), called_off).await;
    node.publish(
        admin,
        "meeting",
        json!("partners"),
        meeting("Partners retreat", "2031-08-01T09:00:00Z"),
    )
    .await;

    let all = calendar(&node, "/calendar.ics", As::Anonymous).await;
    assert_eq!(all.events().count(), 2, "one event per lineage, none for partners");
    assert!(event_titled(&all, "Partners retreat").is_none());
    assert!(event_titled(&all, "Plenary, first notice").is_none(), "only the current version");
    let plenary = event_titled(&all, "Plenary, confirmed").unwrap();
    assert_eq!(plenary.get_uid(), Some(format!("{v1}@127.0.0.1").as_str()));
    assert_eq!(plenary.get_sequence(), Some(1));
    assert_eq!(plenary.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(plenary.property_value("DTSTART"), Some("20310615T073000Z"));
    assert_eq!(plenary.property_value("DTEND"), Some("20310615T150000Z"));
    assert_eq!(plenary.property_value("LOCATION"), Some("Palais, Rue 1, 1211 Geneva"));
    assert_eq!(plenary.get_url(), Some(format!("http://127.0.0.1:7700/meetings/{v2}").as_str()));
    assert!(plenary.get_last_modified().is_some() && plenary.get_timestamp().is_some());
    let cancelled = event_titled(&all, "Called-off workshop").unwrap();
    assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(cancelled.get_sequence(), Some(0));

    let token = node.user_token("calendar-client", Role::Member).await;
    let private = calendar(&node, "/calendar.ics", As::Bearer(&token)).await;
    assert_eq!(private.events().count(), 3);
    assert!(event_titled(&private, "Partners retreat").is_some());
    let bad = fetch(&node, "/calendar.ics", As::Bearer("not-a-token")).await;
    assert_eq!(bad.status, 401);

    let one = calendar(&node, &format!("/meetings/{v1}/calendar.ics"), As::Anonymous).await;
    let event = one.events().next().unwrap();
    assert_eq!((event.get_summary(), event.get_sequence()), (Some("Plenary, confirmed"), Some(1)));
    assert_eq!(event.get_uid(), plenary.get_uid(), "the same UID whichever version is asked");
}

/// Parses an Atom feed, checking its content type.
async fn feed(node: &TestNode, path: &str, who: As<'_>) -> feed_rs::model::Feed {
    let page = fetch(node, path, who).await;
    assert_eq!(page.status, 200, "GET {path}: {}", page.body);
    assert_eq!(page.content_type, "application/atom+xml");
    let parsed = feed_rs::parser::parse(page.body.as_bytes()).unwrap();
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
    parsed
}

/// The entry ids of a feed, sorted (records signed within one second have no order between
/// them).
fn entry_ids(feed: &feed_rs::model::Feed) -> Vec<String> {
    let mut ids: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
    ids.sort();
    ids
}

fn urns(ids: &[&RecordId]) -> Vec<String> {
    let mut urns: Vec<String> = ids.iter().map(|id| urn(id)).collect();
    urns.sort();
    urns
}

/// Whether a feed's entries are newest first.
fn newest_first(feed: &feed_rs::model::Feed) -> bool {
    let times: Vec<_> = feed.entries.iter().map(|e| e.updated.unwrap()).collect();
    times.windows(2).all(|pair| pair[0] >= pair[1])
}

fn urn(id: &RecordId) -> String {
    format!("urn:plenary:record:{id}")
}

#[tokio::test]
async fn atom_feeds_parse_and_hold_only_what_the_subscriber_may_see() {
    let node = TestNode::start().await;
    let admin = &node.admin;
    let group = node
        .publish(
            admin,
            "working_group",
            json!("partners"),
            json!({"slug": "trade", "name": "Trade and rules"}),
        )
        .await;
    let public =
        common::summarised("Open study on regulatory cooperation", "What partners learnt & why.");
    let public = node
        .publish(
            admin,
            "document",
            json!("public"),
            with(public, json!({"working_group": group.to_string()})),
        )
        .await;
    let partners =
        common::summarised("Partners note on regulatory cooperation", "For partners only.");
    let partners = node.publish(admin, "document", json!("partners"), partners).await;
    let restricted = with(
        document("Group draft on regulatory cooperation"),
        json!({"working_group": group.to_string()}),
    );
    let restricted =
        node.publish(admin, "document", json!({"group": group.to_string()}), restricted).await;
    node.indexed().await;
    let token = node.user_token("feed-reader", Role::Member).await;

    let open = feed(&node, "/feed.atom", As::Anonymous).await;
    assert_eq!(entry_ids(&open), [urn(&public)], "anonymous: public documents only");
    let entry = &open.entries[0];
    assert_eq!(entry.title.as_ref().unwrap().content, "Open study on regulatory cooperation");
    assert_eq!(entry.summary.as_ref().unwrap().content, "What partners learnt & why.");
    assert_eq!(entry.authors[0].name.as_deref(), Some("PLENARY"));
    assert_eq!(entry.links[0].href, format!("http://127.0.0.1:7700/documents/{public}"));
    assert!(entry.updated.is_some());
    let member = feed(&node, "/feed.atom", As::Bearer(&token)).await;
    assert_eq!(entry_ids(&member), urns(&[&public, &partners, &restricted]));
    assert!(newest_first(&member));
    assert_eq!(fetch(&node, "/feed.atom", As::Bearer("wrong")).await.status, 401);
    let session = node.login("feed-reader", "a long test password").await;
    assert_eq!(entry_ids(&feed(&node, "/feed.atom", As::Cookie(&session)).await).len(), 3);

    let path = format!("/groups/{group}/feed.atom");
    assert_eq!(fetch(&node, &path, As::Anonymous).await.status, 404, "a partners group");
    let group_feed = feed(&node, &path, As::Bearer(&token)).await;
    assert_eq!(entry_ids(&group_feed), urns(&[&restricted, &public]));
    assert!(newest_first(&group_feed));
    assert!(group_feed.title.unwrap().content.contains("Trade and rules"));

    let search = "/search/feed.atom?q=regulatory%20cooperation&kind=document";
    let open = feed(&node, search, As::Anonymous).await;
    assert_eq!(entry_ids(&open), urns(&[&public]));
    let member = feed(&node, search, As::Bearer(&token)).await;
    assert_eq!(entry_ids(&member), urns(&[&restricted, &partners, &public]));
    assert!(newest_first(&member));
    let narrowed = feed(&node, "/search/feed.atom?q=note", As::Bearer(&token)).await;
    assert_eq!(entry_ids(&narrowed), [urn(&partners)]);
    assert_eq!(fetch(&node, "/search/feed.atom?from=someday", As::Anonymous).await.status, 400);
}

#[tokio::test]
async fn working_group_pages_show_members_progress_documents_and_meetings_to_those_who_may_see_them()
 {
    let node = TestNode::start().await;
    let admin = &node.admin;
    let mut foreign = ForeignLog::new(7);
    for record in &foreign.records {
        node.node.ingest(record.clone()).await.unwrap();
    }
    let partner = foreign.key.node_id().to_string();
    let body = json!({"slug": "ria", "name": "Regulatory impact assessment", "theme": "Better rules",
        "description": "Stocktaking of RIA practice.", "convenors": [partner], "members": [partner],
        "status": "active", "progress": 40});
    let v1 = node.publish(admin, "working_group", json!("public"), body.clone()).await;
    let v2 = node
        .publish(
            admin,
            "working_group",
            json!("public"),
            with(body, json!({"progress": 65, "supersedes": v1.to_string()})),
        )
        .await;
    let named = |title: &str, group: &RecordId| {
        with(document(title), json!({"working_group": group.to_string()}))
    };
    let old =
        node.publish(admin, "document", json!("public"), named("Study, first draft", &v1)).await;
    let new = with(named("Study, second draft", &v1), json!({"supersedes": old.to_string()}));
    node.publish(admin, "document", json!("public"), new).await;
    node.publish(
        admin,
        "document",
        json!({"group": v2.to_string()}),
        named("Members-only annex", &v2),
    )
    .await;
    let sitting = with(
        meeting("Group sitting", "2031-03-01T09:00:00Z"),
        json!({"meeting_type": "working_group", "working_group": v2.to_string()}),
    );
    node.publish(admin, "meeting", json!("public"), sitting).await;
    // A group of the partner's alone, with material restricted to it: this node is no member.
    let theirs = foreign.append(
        Kind::WorkingGroup,
        Visibility::PUBLIC,
        json!({"slug": "own", "name": "Partner working group", "members": [partner]}),
    );
    let restricted = Visibility::Group { group: theirs.id() };
    let secret = foreign.append(
        Kind::Document,
        restricted,
        with(document("Partner internal draft"), json!({"working_group": theirs.id().to_string()})),
    );
    for record in [&theirs, &secret] {
        node.node.ingest(record.clone()).await.unwrap();
    }

    let list = ok(&node, "/groups", As::Anonymous).await;
    for expected in [
        "Regulatory impact assessment",
        "Better rules",
        "value=\"65\"",
        "65% done",
        "2 member organisations",
        "Active",
        "Partner working group",
    ] {
        assert!(list.contains(expected), "/groups lacks {expected}");
    }
    let old_address = fetch(&node, &format!("/groups/{v1}"), As::Anonymous).await;
    assert_eq!((old_address.status, old_address.location), (303, Some(format!("/groups/{v2}"))));

    let page = ok(&node, &format!("/groups/{v2}"), As::Anonymous).await;
    for expected in [
        "Stocktaking of RIA practice.",
        "ORG7",
        &format!("href=\"/organisations/{partner}\""),
        &format!("href=\"/organisations/{}\"", node.node.id()),
        "Study, second draft",
        "Group sitting",
        &format!("href=\"/groups/{v2}/feed.atom\""),
        "Provenance",
    ] {
        assert!(page.contains(expected), "the group page lacks {expected}");
    }
    assert!(!page.contains("Study, first draft"), "only current versions");
    assert!(!page.contains("Members-only annex"), "group material leaks to the public");
    let member = member_session(&node).await;
    let page = ok(&node, &format!("/groups/{v2}"), As::Cookie(&member)).await;
    assert!(page.contains("Members-only annex"), "this node is the group's origin: a member");
    let page = ok(&node, &format!("/groups/{}", theirs.id()), As::Cookie(&member)).await;
    assert!(page.contains("Partner working group"));
    assert!(!page.contains("Partner internal draft"), "this node is not a member of that group");
    assert!(page.contains("No document of this group that you may see."));
}

#[tokio::test]
async fn organisation_pages_list_the_federation_and_page_through_what_each_published() {
    let node = TestNode::start().await;
    let foreign = ForeignLog::new(9);
    for record in &foreign.records {
        node.node.ingest(record.clone()).await.unwrap();
    }
    for n in 0..21 {
        node.publish(
            &node.admin,
            "document",
            json!("public"),
            document(&format!("Public paper {n:02}")),
        )
        .await;
    }
    node.publish(&node.admin, "document", json!("partners"), document("Partners paper")).await;
    node.indexed().await;
    let me: NodeId = node.node.id();

    let list = ok(&node, "/organisations", As::Anonymous).await;
    for expected in [
        "Plenary node".to_owned(),
        "PLENARY".to_owned(),
        "ORG9".to_owned(),
        me.to_string(),
        me.fingerprint(),
        foreign.key.node_id().fingerprint(),
        "<th scope=\"col\"".to_owned(),
        "aria-current=\"page\"".to_owned(),
    ] {
        assert!(list.contains(&expected), "/organisations lacks {expected}");
    }

    let first = ok(&node, &format!("/organisations/{me}"), As::Anonymous).await;
    assert!(first.contains("21 documents you may see"), "the count covers what the reader may see");
    assert!(
        first.contains("Page 1 of 2") && first.contains(&format!("/organisations/{me}?page=2"))
    );
    assert!(!first.contains("Partners paper"));
    let second = ok(&node, &format!("/organisations/{me}?page=2"), As::Anonymous).await;
    let papers = |page: &str| -> Vec<String> {
        (0..21)
            .map(|n| format!("Public paper {n:02}"))
            .filter(|t| page.contains(t.as_str()))
            .collect()
    };
    let (on_first, on_second) = (papers(&first), papers(&second));
    assert_eq!((on_first.len(), on_second.len()), (20, 1), "20 a page");
    assert!(!on_first.contains(&on_second[0]), "no paper on both pages");
    let beyond = ok(&node, &format!("/organisations/{me}?page=abc"), As::Anonymous).await;
    assert_eq!(papers(&beyond), on_first, "a malformed page reads as the first");
    let member = member_session(&node).await;
    let page = ok(&node, &format!("/organisations/{me}"), As::Cookie(&member)).await;
    assert!(page.contains("22 documents you may see"));
    let next = ok(&node, &format!("/organisations/{me}?page=2"), As::Cookie(&member)).await;
    assert!(page.contains("Partners paper") || next.contains("Partners paper"));
    let partner =
        ok(&node, &format!("/organisations/{}", foreign.key.node_id()), As::Anonymous).await;
    assert!(
        partner.contains("Org 9")
            && partner.contains("No document of this organisation that you may see.")
    );
    let french = ok(&node, "/organisations", As::French).await;
    assert!(french.contains("Empreinte"), "the table is in French");
    assert!(
        !french.contains("Enregistrements signés détenus"),
        "a log's length counts records an anonymous reader may not see"
    );
    let listed = ok(&node, "/organisations", As::Cookie(&member)).await;
    assert!(listed.contains("Signed records held"), "signed-in readers see the log lengths");
}
