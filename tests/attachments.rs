//! Search finds the text of attached files, extracted in worker processes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestNode, hit_ids, summarised};
use serde_json::json;

#[tokio::test]
async fn attached_files_are_searched_by_their_text() {
    let node = TestNode::start().await;
    let attachment = node
        .upload(&node.admin, b"The annex lists every xylophone tariff line.\n", "annex.txt")
        .await;
    let mut body = summarised("Schedule with annex", "See the annex.");
    body["attachments"] = json!([attachment]);
    let id = node.publish(&node.admin, "document", json!("public"), body).await;
    node.indexed().await;
    let (_, page) = node.search(None, &[("q", "xylophone")]).await;
    assert_eq!(hit_ids(&page), [id.to_string()], "{page}");
}
