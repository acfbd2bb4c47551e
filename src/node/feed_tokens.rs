//! Personal feed links: a secret in the URL of a user's "what's new for me" Atom feed, because
//! feed readers cannot send headers. One per user; stored only as its SHA-256 (like API tokens);
//! creating a new one replaces the old; revoking, or removing the user, ends it.

use serde::{Deserialize, Serialize};

use super::accounts::user_not_found;
use super::error::NodeError;
use super::{Account, Node};
use crate::model::Sha256;
use crate::model::ids::encode_b64;
use crate::model::record::format_utc_timestamp;
use crate::store::{Batch, TreeName, encode};

/// Prefix of feed secrets, so a leaked one is recognisable.
const FEED_PREFIX: &str = "plf_";
/// Longest secret looked up (a generated one is 47 characters).
const MAX_SECRET_CHARS: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredFeedToken {
    username: String,
    created_at: String,
}

/// A user's feed link as the account page shows it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// When it was created (RFC 3339).
    pub created_at: String,
}

impl Node {
    /// Creates `username`'s feed secret, replacing any earlier one; the secret is shown once.
    pub fn create_feed_token(&self, username: &str) -> Result<String, NodeError> {
        self.user(username)?.ok_or_else(|| user_not_found(username))?;
        let secret = format!("{FEED_PREFIX}{}", encode_b64(&rand::random::<[u8; 32]>()));
        let token = StoredFeedToken {
            username: username.to_owned(),
            created_at: format_utc_timestamp(time::OffsetDateTime::now_utc()),
        };
        let mut batch = Batch::default();
        self.stage_feed_tokens_removal(&mut batch, username)?;
        batch.put(TreeName::FeedTokens, feed_key(&secret), encode(&token));
        self.write(&batch)?;
        Ok(secret)
    }

    /// Ends `username`'s feed link (nothing to end is not an error).
    pub fn revoke_feed_token(&self, username: &str) -> Result<(), NodeError> {
        let mut batch = Batch::default();
        self.stage_feed_tokens_removal(&mut batch, username)?;
        self.write(&batch)
    }

    /// `username`'s feed link, if one exists.
    pub fn feed_link(&self, username: &str) -> Result<Option<FeedLink>, NodeError> {
        Ok(self
            .feed_tokens()?
            .into_iter()
            .find(|(_, token)| token.username == username)
            .map(|(_, token)| FeedLink { created_at: token.created_at }))
    }

    /// The account a feed secret opens: unknown, revoked, or of a removed user → not found.
    pub fn feed_account(&self, secret: &str) -> Result<Account, NodeError> {
        let not_found = || NodeError::NotFound { code: "feed_not_found", what: "feed".into() };
        if !secret.starts_with(FEED_PREFIX) || secret.chars().count() > MAX_SECRET_CHARS {
            return Err(not_found());
        }
        let bytes = self
            .store
            .engine()
            .get(TreeName::FeedTokens, &feed_key(secret))?
            .ok_or_else(not_found)?;
        let token: StoredFeedToken = serde_json::from_slice(&bytes).map_err(|_| not_found())?;
        let user = self.user(&token.username)?.ok_or_else(not_found)?;
        Ok(Account { username: user.username, role: user.role })
    }

    /// Stages the removal of every feed secret of `username`.
    pub(super) fn stage_feed_tokens_removal(
        &self,
        batch: &mut Batch,
        username: &str,
    ) -> Result<(), NodeError> {
        for (key, token) in self.feed_tokens()? {
            if token.username == username {
                batch.remove(TreeName::FeedTokens, key);
            }
        }
        Ok(())
    }

    fn feed_tokens(&self) -> Result<Vec<(Vec<u8>, StoredFeedToken)>, NodeError> {
        let entries = self.store.engine().range(TreeName::FeedTokens, &[], None, usize::MAX)?;
        Ok(entries
            .into_iter()
            .filter_map(|(k, v)| serde_json::from_slice(&v).ok().map(|t| (k, t)))
            .collect())
    }
}

fn feed_key(secret: &str) -> Vec<u8> {
    Sha256::of(secret.as_bytes()).as_bytes().to_vec()
}
