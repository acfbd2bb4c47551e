//! Who is asking, and what they may see and do: roles, viewers, and the visibility rule of
//! DESIGN §2.2, applied on every read of a record, a file or a listing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Node;
use super::error::NodeError;
use crate::model::links::links;
use crate::model::{Audience, Header, Kind, NodeId, RecordId, Visibility};

/// A local account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads, comments, answers surveys and invitations.
    Member,
    /// Also publishes documents, meetings, groups, surveys, endorsements and retractions.
    Editor,
    /// Also manages accounts and tokens.
    Admin,
}

impl Role {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may publish records of `kind` through the API.
    pub fn may_publish(self, kind: Kind) -> bool {
        match kind {
            Kind::Comment | Kind::Rsvp | Kind::SurveyResponse => true,
            Kind::Document
            | Kind::Meeting
            | Kind::WorkingGroup
            | Kind::Survey
            | Kind::Endorsement
            | Kind::Retraction => self >= Role::Editor,
            Kind::Node | Kind::Key => false,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = NodeError;

    fn from_str(text: &str) -> Result<Role, NodeError> {
        match text {
            "member" => Ok(Role::Member),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            _ => Err(NodeError::invalid("role", "must be admin, editor or member")),
        }
    }
}

/// An authenticated local account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Login name.
    pub username: String,
    /// What it may do.
    pub role: Role,
}

/// Whoever is reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// Not logged in: `public` records only.
    Anonymous,
    /// A logged-in user of this node: sees what this node is admitted to.
    Local(Account),
    /// Another node of the federation (authenticated by a signed request).
    Peer(NodeId),
}

impl Viewer {
    /// The account, if the viewer is a local user.
    pub fn account(&self) -> Option<&Account> {
        match self {
            Viewer::Local(account) => Some(account),
            _ => None,
        }
    }

    /// The account, or `Unauthenticated`.
    pub fn require_account(&self) -> Result<&Account, NodeError> {
        self.account().ok_or(NodeError::Unauthenticated)
    }

    /// The account if it has at least `role`.
    pub fn require_role(&self, role: Role) -> Result<&Account, NodeError> {
        let account = self.require_account()?;
        if account.role >= role {
            Ok(account)
        } else {
            Err(NodeError::Forbidden(format!("this needs the {role} role")))
        }
    }
}

impl Node {
    /// Whether `viewer` may see the body, files and hits of the record with `header`.
    pub fn may_see(&self, viewer: &Viewer, header: &Header) -> Result<bool, NodeError> {
        if header.visibility.is_public() {
            return Ok(true);
        }
        match viewer {
            Viewer::Anonymous => Ok(false),
            Viewer::Local(_) => self.admits(&self.id(), header),
            Viewer::Peer(node) => self.admits(node, header),
        }
    }

    /// Whether the visibility of `header` admits `node` (and so its logged-in users).
    fn admits(&self, node: &NodeId, header: &Header) -> Result<bool, NodeError> {
        if header.origin == *node {
            return Ok(true);
        }
        Ok(match &header.visibility {
            Visibility::Named(Audience::Public | Audience::Partners) => true,
            Visibility::Nodes { nodes } => nodes.contains(node),
            Visibility::Group { group } => self.group_members(group)?.contains(node),
        })
    }

    /// The member nodes of a working group (its current version), including its convenor origin.
    pub fn group_members(&self, group: &RecordId) -> Result<Vec<NodeId>, NodeError> {
        let current = self.current_version(group)?;
        let Some(stored) = self.store.record(&current)? else { return Ok(Vec::new()) };
        let header = &stored.record.header;
        if header.kind != Kind::WorkingGroup {
            return Ok(Vec::new());
        }
        let mut members = match &stored.record.body {
            Some(body) => links(Kind::WorkingGroup, body).map(|l| l.members).unwrap_or_default(),
            None => Vec::new(),
        };
        members.push(header.origin);
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_gate_kinds() {
        assert!(Role::Member.may_publish(Kind::Comment));
        assert!(!Role::Member.may_publish(Kind::Document));
        assert!(Role::Editor.may_publish(Kind::Document));
        assert!(!Role::Admin.may_publish(Kind::Key));
        assert!(!Role::Admin.may_publish(Kind::Node));
        assert_eq!("editor".parse::<Role>().unwrap(), Role::Editor);
        assert!("root".parse::<Role>().is_err());
    }
}
