//! Comments: on a document version circulated for comment, to the draft's audience, before its
//! comment period closes; a reply answers a comment on the same version.

use super::{Flow, audience_of, refuse};
use crate::model::Kind;
use crate::model::bodies::{self, CommentBody, DocumentBody};
use crate::node::catalog::closes_at;
use crate::node::error::NodeError;

pub(super) fn check(flow: &Flow) -> Result<(), NodeError> {
    let Some(comment) = bodies::read::<CommentBody>(flow.body) else { return Ok(()) };
    let Some(draft) = flow.target(&comment.about, "/body/about", Kind::Document)? else {
        return Ok(());
    };
    flow.audience_is(&audience_of(&draft.record.header))?;
    flow.admitted_by(&draft.record.header, "/body/about")?;
    if let Some(parent) = &comment.in_reply_to {
        check_reply(flow, &comment, parent)?;
    }
    if !flow.publishing() {
        return Ok(());
    }
    flow.open_version(&draft, &comment.about, "/body/about")?;
    let document = draft.record.body.as_ref().and_then(bodies::read::<DocumentBody>);
    let Some(until) = document.and_then(|d| d.comment_until) else {
        return Err(refuse(
            "not_open_for_comment",
            "/body/about",
            "that document version is not circulated for comment (it has no comment_until)",
        ));
    };
    let closes = closes_at(&until);
    if closes.zip(flow.signed_at()).is_some_and(|(closes, now)| now >= closes) {
        return Err(refuse(
            "comment_period_closed",
            "/body/about",
            format!("the comment period closed at {until}"),
        ));
    }
    Ok(())
}

/// A reply answers a comment about the same version (decided only when the parent's body is
/// held; on publish the parent must be held and not retracted).
fn check_reply(
    flow: &Flow,
    comment: &CommentBody,
    parent: &crate::model::RecordId,
) -> Result<(), NodeError> {
    let field = "/body/in_reply_to";
    let Some(stored) = flow.target(parent, field, Kind::Comment)? else { return Ok(()) };
    if flow.publishing() && flow.store.retraction_of(parent)?.is_some() {
        return Err(refuse("target_retracted", field, "that comment has been retracted"));
    }
    let about = stored.record.body.as_ref().and_then(bodies::read::<CommentBody>).map(|c| c.about);
    match about {
        Some(about) if about != comment.about => Err(refuse(
            "reply_target_invalid",
            field,
            "a reply must be about the same document version as the comment it answers",
        )),
        _ => Ok(()),
    }
}
