//! `plenary group seed` against three `plenary serve` processes configured from `node-config/`
//! (OECD – WTO – WHO in a line): each node publishes the thematic groups its organisation
//! convenes, with members resolved from the node records it holds; running it again publishes
//! nothing; every node ends up holding the five groups; an acronym no node record states stops
//! the seed before anything is published (unless `--allow-missing`), and a malformed seed file
//! is refused naming the field.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::org::Org;
use common::process::{Out, eventually, run_env};
use serde_json::Value;

async fn seed(org: &Org, args: &[&str]) -> Out {
    let mut all = vec!["group", "seed"];
    all.extend_from_slice(args);
    let env = [("PLENARY_NODE", org.url.as_str()), ("PLENARY_TOKEN", org.token.as_str())];
    run_env(org.dir.path(), &all, &env).await
}

/// The working groups `org` holds, by slug (the newest version of each).
async fn groups(org: &Org) -> BTreeMap<String, Value> {
    let (status, page) = org.get("/api/v1/records?kind=working_group&limit=500").await;
    assert_eq!(status, 200, "{page}");
    let records = page["records"].as_array().cloned().unwrap_or_default();
    records
        .into_iter()
        .map(|r| (r["body"]["slug"].as_str().unwrap().to_owned(), r["body"].clone()))
        .collect()
}

/// How many organisations' node records `org` holds.
async fn known(org: &Org) -> usize {
    let (_, page) = org.get("/api/v1/records?kind=node&limit=500").await;
    page["records"].as_array().map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_node_seeds_the_groups_it_convenes_and_the_federation_holds_all_five() {
    let (oecd, wto, who) = Org::example_line().await;
    for org in [&oecd, &wto, &who] {
        eventually("every node knows the three organisations", Duration::from_secs(60), || async {
            known(org).await >= 3
        })
        .await;
    }

    let out = seed(&oecd, &[]).await;
    let printed = out.ok("seeding OECD's groups");
    assert!(printed.contains("good-regulatory-practice: published"), "{printed}");
    assert!(printed.contains("evaluation: published"), "{printed}");
    assert!(printed.contains("stakeholder-engagement: convened by WTO"), "{printed}");
    let again = seed(&oecd, &[]).await;
    assert!(again.ok("seeding again").contains("good-regulatory-practice: already published"));
    let at_oecd = groups(&oecd).await;
    assert_eq!(at_oecd.len(), 2, "twice run, published once: {at_oecd:?}");
    let practice = &at_oecd["good-regulatory-practice"];
    let members: Vec<&str> =
        practice["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    for org in [&oecd, &wto, &who] {
        assert!(members.contains(&org.id().to_string().as_str()), "{practice}");
    }
    assert_eq!(practice["convenors"], serde_json::json!([oecd.id().to_string()]));

    seed(&wto, &[]).await.ok("seeding WTO's groups");
    seed(&who, &[]).await.ok("seeding WHO's groups");
    for org in [&oecd, &wto, &who] {
        eventually("every node holds the five groups", Duration::from_secs(60), || async {
            groups(org).await.len() == 5
        })
        .await;
    }
    let implementation = &groups(&oecd).await["implementation"];
    assert_eq!(implementation["convenors"], serde_json::json!([who.id().to_string()]));

    // An acronym no node record states stops the seed before anything is published.
    let file = oecd.dir.path().join("more-groups.toml");
    let text = "[[group]]\nslug = \"standards\"\nname = \"Standards\"\nconvenors = [\"OECD\"]\nmembers = [\"OECD\", \"ISO\"]\n";
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let refused = seed(&oecd, &["--file", path]).await;
    assert!(!refused.status.success());
    assert!(
        refused.stderr.contains("ISO") && refused.stderr.contains("--allow-missing"),
        "{refused:#?}"
    );
    assert!(!groups(&oecd).await.contains_key("standards"), "nothing was published");
    seed(&oecd, &["--file", path, "--allow-missing"]).await.ok("leaving ISO out");
    let standards = &groups(&oecd).await["standards"];
    assert_eq!(standards["members"], serde_json::json!([oecd.id().to_string()]));

    // A malformed seed file is refused, naming the field.
    std::fs::write(
        &file,
        "[[group]]\nslug = \"x\"\nname = \"X\"\nconvenors = [\"OECD\"]\nchair = \"OECD\"\n",
    )
    .unwrap();
    let malformed = seed(&oecd, &["--file", path]).await;
    assert!(!malformed.status.success() && malformed.stderr.contains("chair"), "{malformed:#?}");
}
