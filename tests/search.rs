//! Search through the HTTP API of a real node: free text, phrases, booleans and field prefixes,
//! exact symbols, filters and facets, versions, retraction, visibility inside the query (hits,
//! totals, facets and snippets), hostile queries, catch-up after the index fell behind, and
//! rebuilds (an interrupted one included).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestNode, document, hit_ids, summarised};
use plenary::node::{Role, Viewer};
use serde_json::{Value, json};

#[tokio::test]
async fn free_text_phrases_booleans_and_field_prefixes() {
    let node = TestNode::start().await;
    let admin = node.admin.clone();
    let impact = node
        .publish(
            &admin,
            "document",
            json!("public"),
            summarised(
                "Regulatory impact assessment",
                "How partners assess the impact of regulations before adoption.",
            ),
        )
        .await;
    let consult = node
        .publish(
            &admin,
            "document",
            json!("public"),
            summarised("Stakeholder consultation", "Consulting the public on draft regulations."),
        )
        .await;
    let tariffs = node
        .publish(
            &admin,
            "document",
            json!("public"),
            summarised("Tariff schedules", "Bound tariffs and trade in goods."),
        )
        .await;
    node.indexed().await;

    let (status, page) = node.search(None, &[("q", "regulation")]).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 2, "stemming: regulation matches regulations: {page}");
    assert!(!hit_ids(&page).contains(&tariffs.to_string()));
    let (_, page) = node.search(None, &[("q", "\"draft regulations\"")]).await;
    assert_eq!(hit_ids(&page), [consult.to_string()]);
    let (_, page) = node.search(None, &[("q", "regulations AND NOT consultation")]).await;
    assert_eq!(hit_ids(&page), [impact.to_string()]);
    let (_, page) = node.search(None, &[("q", "title:tariff")]).await;
    assert_eq!(hit_ids(&page), [tariffs.to_string()]);
    let (_, page) = node.search(None, &[("q", "title:public")]).await;
    assert_eq!(page["total"], 0, "the word is in a summary, not a title");
    let hit = &node.search(None, &[("q", "tariffs")]).await.1["hits"][0];
    assert_eq!(hit["title"], "Tariff schedules");
    assert_eq!(hit["kind"], "document");
    assert_eq!(hit["origin"], node.node.id().to_string());
    assert_eq!(hit["origin_name"], "PLENARY");
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>tariffs</mark>"), "{hit}");
}

#[tokio::test]
async fn symbols_are_found_exactly() {
    let node = TestNode::start().await;
    let mut body = summarised("Recommendation on regulatory policy", "Revised text.");
    body["symbol"] = json!("OECD/GOV/RPC(2017)5/REV1");
    let wanted = node.publish(&node.admin, "document", json!("public"), body).await;
    let mut other = summarised("Earlier draft", "Draft text.");
    other["symbol"] = json!("OECD/GOV/RPC(2017)5");
    node.publish(&node.admin, "document", json!("public"), other).await;
    node.indexed().await;
    let (status, page) = node.search(None, &[("q", "OECD/GOV/RPC(2017)5/REV1")]).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["hits"][0]["id"], wanted.to_string(), "{page}");
    assert_eq!(page["hits"][0]["symbol"], "OECD/GOV/RPC(2017)5/REV1");
    let (_, page) = node.search(None, &[("q", "symbol:\"oecd/gov/rpc(2017)5/rev1\"")]).await;
    assert_eq!(hit_ids(&page), [wanted.to_string()]);
}

#[tokio::test]
async fn filters_facets_dates_and_pages() {
    let node = TestNode::start().await;
    let admin = node.admin.clone();
    for n in 0..12 {
        let mut body = summarised(&format!("Trade note {n}"), "Trade facilitation measures.");
        body["status"] = json!(if n % 3 == 0 { "final" } else { "draft" });
        body["language"] = json!(if n % 2 == 0 { "en" } else { "fr" });
        node.publish(&admin, "document", json!("public"), body).await;
    }
    let meeting = json!({"title": "Trade facilitation workshop", "meeting_type": "workshop", "starts_at": "2027-03-01T09:00:00Z"});
    node.publish(&admin, "meeting", json!("public"), meeting).await;
    node.indexed().await;

    let (_, page) = node.search(None, &[("q", "trade")]).await;
    assert_eq!(page["total"], 13);
    let kinds = &page["facets"]["kind"];
    assert_eq!(
        kinds,
        &json!([{"value": "document", "count": 12}, {"value": "meeting", "count": 1}]),
        "{page}"
    );
    let statuses = &page["facets"]["status"];
    assert!(
        statuses.as_array().unwrap().contains(&json!({"value": "final", "count": 4})),
        "{statuses}"
    );
    let (_, page) = node
        .search(None, &[("q", "trade"), ("kind", "document"), ("status", "final"), ("lang", "en")])
        .await;
    assert_eq!(page["total"], 2, "n = 0 and 6");
    let (_, page) = node.search(None, &[("q", "trade"), ("kind", "meeting")]).await;
    assert_eq!(page["hits"][0]["kind"], "meeting");

    let (_, first) = node.search(None, &[("q", "trade"), ("limit", "5")]).await;
    let (_, second) = node.search(None, &[("q", "trade"), ("limit", "5"), ("offset", "5")]).await;
    let (a, b) = (hit_ids(&first), hit_ids(&second));
    assert_eq!((a.len(), b.len()), (5, 5));
    assert!(a.iter().all(|id| !b.contains(id)), "pages do not overlap");

    let (_, page) =
        node.search(None, &[("q", "trade"), ("from", "2000-01-01"), ("to", "2001-01-01")]).await;
    assert_eq!(page["total"], 0);
    let (_, page) = node.search(None, &[("q", "trade"), ("from", "2000-01-01")]).await;
    assert_eq!(page["total"], 13);
    let (status, _) = node.search(None, &[("q", "trade"), ("from", "yesterday")]).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn superseded_versions_stay_searchable_but_marked() {
    let node = TestNode::start().await;
    let v1 = node
        .publish(
            &node.admin,
            "document",
            json!("public"),
            summarised("Services study", "Version one."),
        )
        .await;
    let mut body = summarised("Services study", "Version two.");
    body["supersedes"] = json!(v1.to_string());
    let v2 = node.publish(&node.admin, "document", json!("public"), body).await;
    node.indexed().await;
    for how in ["as followed", "as rebuilt from the store"] {
        let (_, page) = node.search(None, &[("q", "services")]).await;
        assert_eq!(page["total"], 2, "{how}");
        let hits = page["hits"].as_array().unwrap();
        let old = hits.iter().find(|h| h["id"] == v1.to_string()).unwrap();
        assert_eq!(old["current"], false, "{how}");
        let (_, page) = node.search(None, &[("q", "services"), ("current", "true")]).await;
        assert_eq!(hit_ids(&page), [v2.to_string()], "{how}");
        node.reindexed().await;
    }
}

#[tokio::test]
async fn retraction_removes_the_text_from_the_index() {
    let node = TestNode::start().await;
    let id = node
        .publish(
            &node.admin,
            "document",
            json!("public"),
            summarised("Withdrawn note", "Zanzibar clause."),
        )
        .await;
    node.indexed().await;
    assert_eq!(node.search(None, &[("q", "zanzibar")]).await.1["total"], 1);
    node.publish(
        &node.admin,
        "retraction",
        json!("public"),
        json!({"about": id.to_string(), "reason": "error"}),
    )
    .await;
    node.indexed().await;
    for how in ["as followed", "as rebuilt from the store"] {
        assert_eq!(node.search(None, &[("q", "zanzibar")]).await.1["total"], 0, "{how}");
        assert_eq!(node.search(None, &[("q", "withdrawn")]).await.1["total"], 0, "{how}");
        node.reindexed().await;
    }
}

#[tokio::test]
async fn visibility_is_part_of_the_query_totals_facets_and_snippets_included() {
    let node = TestNode::start().await;
    let member = node.user_token("partner", Role::Member).await;
    node.publish(
        &node.admin,
        "document",
        json!("public"),
        summarised("Open data", "Quokka statistics, public part."),
    )
    .await;
    node.publish(
        &node.admin,
        "document",
        json!("partners"),
        summarised("Partner draft", "Quokka statistics, confidential part."),
    )
    .await;
    let outsider = common::ForeignLog::new(1).key.node_id();
    let insider = common::ForeignLog::new(2).key.node_id();
    let group =
        json!({"slug": "stats", "name": "Statistics group", "members": [insider.to_string()]});
    let group_id = node.publish(&node.admin, "working_group", json!("partners"), group).await;
    node.publish(
        &node.admin,
        "document",
        json!({"group": group_id.to_string()}),
        summarised("Group memo", "Quokka statistics, group part."),
    )
    .await;
    node.indexed().await;

    let (_, anonymous) = node.search(None, &[("q", "quokka")]).await;
    assert_eq!(anonymous["total"], 1, "{anonymous}");
    assert_eq!(anonymous["facets"]["kind"], json!([{"value": "document", "count": 1}]));
    assert!(!anonymous.to_string().contains("confidential"), "no snippet leaks");
    let (_, page) = node.search(None, &[("q", "confidential")]).await;
    assert_eq!((page["total"].clone(), page["facets"]["kind"].clone()), (json!(0), json!([])));

    let (_, partner) = node.search(Some(&member), &[("q", "quokka")]).await;
    assert_eq!(partner["total"], 3, "a local user sees what this node is admitted to");

    let request = plenary::index::SearchRequest {
        text: "quokka".into(),
        limit: 10,
        facets: true,
        ..Default::default()
    };
    assert_eq!(node.node.search(&Viewer::Peer(insider), &request).unwrap().total, 3);
    assert_eq!(
        node.node.search(&Viewer::Peer(outsider), &request).unwrap().total,
        2,
        "public + partners, not the group memo"
    );

    // Searches remember who is admitted where until the store changes: a new version of the
    // group admitting the outsider shows it the memo at once.
    let members = [insider.to_string(), outsider.to_string()];
    let group = json!({"slug": "stats", "name": "Statistics group", "members": members,
        "supersedes": group_id.to_string()});
    node.publish(&node.admin, "working_group", json!("partners"), group).await;
    assert_eq!(node.node.search(&Viewer::Peer(outsider), &request).unwrap().total, 3);
}

#[tokio::test]
async fn hostile_queries_get_a_clear_400() {
    let node = TestNode::start().await;
    node.publish(&node.admin, "document", json!("public"), document("x")).await;
    node.indexed().await;
    let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
    let long = "word ".repeat(300);
    let many = (0..100).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" OR ");
    for query in [
        "\"unbalanced",
        "(a OR b",
        "a)",
        deep.as_str(),
        long.as_str(),
        many.as_str(),
        "title:/re.*/",
        "created:[2000 TO 2001]",
    ] {
        let (status, body) = node.search(None, &[("q", query)]).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("bad_query")),
            "{query:.60}: {body}"
        );
    }
    let (status, page) = node.search(None, &[("q", "Note: x")]).await;
    assert_eq!(
        (status, page["total"].as_u64()),
        (200, Some(1)),
        "an unknown prefix is text: {page}"
    );
    let (status, _) =
        node.search(None, &[("q", "x"), ("limit", "10"), ("offset", "1000000")]).await;
    assert_eq!(status, 400);
    let (status, _) = node.search(None, &[("q", "x"), ("bogus", "1")]).await;
    assert_eq!(status, 400);
}

/// A local editor, publishing and searching through the node core.
fn editor() -> Viewer {
    Viewer::Local(plenary::node::Account { username: "a".into(), role: Role::Editor })
}

/// A node on `config` whose key comes from `seed`.
async fn open_node(config: &plenary::config::Config, seed: u8) -> plenary::node::Node {
    let key = plenary::crypto::NodeKey::from_seed([seed; 32]);
    plenary::node::Node::open_with(config, key, common::settings(config)).await.unwrap()
}

/// Publishes a public document per title (each with `summary`) through the node core.
async fn publish_titled(
    node: &plenary::node::Node,
    titles: impl IntoIterator<Item = String>,
    summary: &str,
) -> Vec<plenary::model::RecordId> {
    let mut ids = Vec::new();
    for title in titles {
        let request = plenary::node::PublishRequest {
            kind: "document".into(),
            visibility: Some(json!("public")),
            body: summarised(&title, summary),
        };
        ids.push(node.publish(&editor(), request).await.unwrap().id);
    }
    ids
}

/// Waits at most `seconds` until the index is committed up to the node's last arrival.
async fn indexed_within(node: &plenary::node::Node, seconds: u64) {
    let target = node.last_arrival().unwrap();
    let waited = std::time::Duration::from_secs(seconds);
    tokio::time::timeout(waited, node.wait_indexed(target))
        .await
        .unwrap_or_else(|_| panic!("the index is committed up to {target} within {seconds} s"))
        .unwrap();
}

/// The index of a stopped node on `config`, opened directly.
fn stopped_index(config: &plenary::config::Config) -> plenary::index::SearchIndex {
    let dir = config.node.data_dir.join("index");
    plenary::index::SearchIndex::open(&dir, plenary::node::INDEX_WRITER_HEAP).unwrap()
}

/// How many documents match `text` for a local editor.
fn total(node: &plenary::node::Node, text: &str) -> usize {
    let request =
        plenary::index::SearchRequest { text: text.into(), limit: 1, ..Default::default() };
    node.search(&editor(), &request).unwrap().total
}

#[tokio::test]
async fn the_index_catches_up_from_the_store_and_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config_in(dir.path(), |c| c.search.commit_interval_ms = 60_000);
    {
        let node = open_node(&config, 5).await;
        let titles = (0..20).map(|n| format!("Pangolin report {n}"));
        publish_titled(&node, titles, "Trade in pangolins.").await;
        // Stopped before its first commit (60 s away): the index holds none of them durably.
        node.shutdown().await;
    }
    config.search.commit_interval_ms = 50;
    let node = open_node(&config, 5).await;
    indexed_within(&node, 20).await;
    assert_eq!(total(&node, "pangolin"), 20, "caught up from the store");
    node.reindex().await.unwrap();
    indexed_within(&node, 20).await;
    assert_eq!(total(&node, "pangolin"), 20, "rebuilt from scratch");
}

// Regression: a backlog (here a rebuild) was committed only when the commit interval had
// passed since the last commit, so a rebuild that ended soon after one waited for the interval
// and for the merge that follows a backlog before anything showed.
#[tokio::test]
async fn the_end_of_a_backlog_is_committed_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_in(dir.path(), |c| c.search.commit_interval_ms = 120_000);
    let node = std::sync::Arc::new(open_node(&config, 9).await);
    let tasks: Vec<_> = (0..8)
        .map(|task| {
            let node = node.clone();
            tokio::spawn(async move {
                let titles = (0..80).map(move |n| format!("Okapi census {task}-{n}"));
                publish_titled(&node, titles, "Forest counts.").await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert!(node.last_arrival().unwrap() > 512, "the fill reads the store in more than one chunk");
    node.reindex().await.unwrap();
    // Long before the two-minute interval.
    indexed_within(&node, 30).await;
    assert_eq!(total(&node, "okapi"), 640);
}

// A rebuild's last chunk may fall due for a backlog commit (here every chunk does), which
// records "none complete yet"; the end of the fill must still be committed after it, or the
// progress stays at 0 (`plenary reindex` waited forever) and the next start fills again.
#[tokio::test]
async fn a_rebuild_whose_last_chunk_was_committed_still_completes() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_in(dir.path(), |c| c.search.commit_interval_ms = 60_000);
    let mut settings = common::settings(&config);
    settings.backlog_commit = std::time::Duration::ZERO;
    let key = plenary::crypto::NodeKey::from_seed([10; 32]);
    let node = plenary::node::Node::open_with(&config, key, settings).await.unwrap();
    publish_titled(&node, (0..5).map(|n| format!("Quokka tally {n}")), "Island counts.").await;
    node.reindex().await.unwrap();
    indexed_within(&node, 20).await;
    assert_eq!(total(&node, "quokka"), 5);
    let target = node.last_arrival().unwrap();
    node.shutdown().await;
    let index = stopped_index(&config);
    assert_eq!(index.position().unwrap().indexed_up_to, target, "the rebuild's end is durable");
}

// A fill stopped by a crash leaves documents for some records and a position saying none is
// complete: the next start fills again, replacing those documents rather than adding copies.
#[tokio::test]
async fn a_fill_stopped_midway_is_redone_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config_in(dir.path(), |c| c.search.commit_interval_ms = 60_000);
    let (ids, last) = {
        let node = open_node(&config, 8).await;
        let titles = (0..10).map(|n| format!("Pangolin survey {n}"));
        let ids = publish_titled(&node, titles, "Counted by region.").await;
        let last = node.last_arrival().unwrap();
        node.shutdown().await;
        (ids, last)
    };
    {
        // What a crashed fill leaves: two records' documents, written up to the last arrival.
        let index = stopped_index(&config);
        for id in &ids[..2] {
            let doc = plenary::index::IndexDoc {
                id: id.to_string(),
                kind: "document".into(),
                lang: "en".into(),
                title: "Pangolin leftover".into(),
                audience: vec!["public".into(), "local".into()],
                ..Default::default()
            };
            index.add(&doc).unwrap();
        }
        let position = plenary::index::Position { indexed_up_to: 0, written_up_to: last };
        index.commit(position).unwrap();
    }
    config.search.commit_interval_ms = 50;
    let node = open_node(&config, 8).await;
    indexed_within(&node, 20).await;
    assert_eq!(total(&node, "pangolin"), 10, "one per record");
    assert_eq!(total(&node, "leftover"), 0, "replaced");
    node.shutdown().await;
}

// Regression: a rebuild stopped before its final merge left 74 segments, which nothing merged
// on an idle node, and searches ran ten times slower.
#[tokio::test]
async fn an_index_left_in_many_segments_is_merged_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_in(dir.path(), |_| {});
    {
        let index = stopped_index(&config);
        index.set_bulk_mode(true).unwrap();
        for n in 0..12 {
            let doc = plenary::index::IndexDoc {
                id: format!("{n}"),
                title: format!("Fragment {n}"),
                audience: vec!["public".into()],
                ..Default::default()
            };
            index.add(&doc).unwrap();
            index.commit(plenary::index::Position::default()).unwrap();
        }
        assert_eq!(index.segments(), 12);
    }
    let key = plenary::crypto::NodeKey::from_seed([6; 32]);
    let node =
        plenary::node::Node::open_with(&config, key, common::settings(&config)).await.unwrap();
    // The twelve are merged into one before anything else is indexed; the node's own record,
    // indexed after, adds a segment of its own. Sooner than the idle merge (5 s) would.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    while node.index_segments() > 2 {
        assert!(std::time::Instant::now() < deadline, "{} segments", node.index_segments());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_index_fragmented_by_a_catch_up_is_merged_once_the_node_is_idle() {
    use plenary::model::{Kind, Visibility};
    let node = TestNode::start().await;
    let mut origin = common::ForeignLog::new(44);
    // Bursts of more than one scan chunk, as pages of a peer's log arrive: each is indexed in
    // bulk mode, unmerged, until the catch-up stops with the index in many segments.
    for burst in 0.. {
        assert!(burst < 40, "the bursts never left more than 8 segments");
        let start = if burst == 0 { 0 } else { origin.records.len() };
        for n in 0..600 {
            let body = document(&format!("Catch-up note {burst}-{n}"));
            origin.append(Kind::Document, Visibility::PUBLIC, body);
        }
        let page: Vec<Value> =
            origin.records[start..].iter().map(|r| serde_json::to_value(r).unwrap()).collect();
        let outcomes = node.node.ingest_page(page).await;
        assert!(outcomes.iter().all(Result::is_ok), "{:?}", outcomes.iter().find(|o| o.is_err()));
        node.indexed().await;
        if node.node.index_segments() > 8 {
            break;
        }
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while node.node.index_segments() > 1 {
        assert!(std::time::Instant::now() < deadline, "{} segments", node.node.index_segments());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (_, page) = node.search(None, &[("q", "catch-up"), ("limit", "1")]).await;
    assert_eq!(page["total"].as_u64(), Some(origin.records.len() as u64 - 1), "{page}");
}

#[tokio::test]
async fn only_configured_languages_are_stemmed() {
    let english_only = TestNode::start_with(|c| c.search.languages = vec!["en".into()]).await;
    let with_french = TestNode::start().await;
    for node in [&english_only, &with_french] {
        let body = json!({"title": "Déclaration", "language": "fr", "text": "Tous les êtres humains naissent libres."});
        node.publish(&node.admin, "document", json!("public"), body).await;
        node.indexed().await;
    }
    let found = |page: Value| page["total"].as_u64().unwrap();
    assert_eq!(
        found(with_french.search(None, &[("q", "libre")]).await.1),
        1,
        "the French stemmer matches libres"
    );
    assert_eq!(
        found(english_only.search(None, &[("q", "libre")]).await.1),
        0,
        "the default analyzer does not stem"
    );
    assert_eq!(found(english_only.search(None, &[("q", "libres")]).await.1), 1);
}

#[tokio::test]
async fn local_users_see_foreign_records_only_where_this_node_is_admitted() {
    let node = TestNode::start().await;
    let member = node.user_token("reader", Role::Member).await;
    let me = node.node.id();
    let mut other = common::ForeignLog::new(3);
    let stranger = common::ForeignLog::new(4).key.node_id();
    let group = json!({"slug": "tax", "name": "Tax group", "members": [me.to_string()]});
    let group_id = other
        .append(plenary::model::Kind::WorkingGroup, plenary::model::Visibility::PARTNERS, group)
        .id();
    let in_group = plenary::model::Visibility::Group { group: group_id };
    other.append(
        plenary::model::Kind::Document,
        in_group,
        summarised("Group paper", "Okapi figures for members."),
    );
    let to_me = plenary::model::Visibility::Nodes { nodes: vec![me] };
    other.append(
        plenary::model::Kind::Document,
        to_me,
        summarised("Bilateral to us", "Okapi figures for us."),
    );
    let elsewhere = plenary::model::Visibility::Nodes { nodes: vec![stranger] };
    other.append(
        plenary::model::Kind::Document,
        elsewhere,
        summarised("Bilateral elsewhere", "Okapi figures for them."),
    );
    for record in &other.records {
        node.node.ingest(record.clone()).await.unwrap();
    }
    node.indexed().await;
    let (_, page) = node.search(Some(&member), &[("q", "okapi")]).await;
    let mut titles: Vec<&str> =
        page["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles, ["Bilateral to us", "Group paper"], "{page}");
    assert_eq!(node.search(None, &[("q", "okapi")]).await.1["total"], 0);
}
