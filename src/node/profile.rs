//! What a signed-in user changes about their own account — the password (only with the current
//! one), the interface language and time zone, their own API tokens — and what an admin changes
//! about others' roles, never leaving the node without an admin.

use serde::Serialize;

use super::accounts::{TokenInfo, check_password, user_not_found};
use super::error::NodeError;
use super::{Account, Node, Role};
use crate::store::{Batch, TreeName, encode};

/// What a user chose for reading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Preferences {
    /// Interface language (BCP 47).
    pub language: Option<String>,
    /// Time zone (IANA name).
    pub timezone: Option<String>,
}

/// Whether `text` has the form of a BCP 47 tag (letters, digits and hyphens, at most 35).
fn check_language(text: &str) -> Result<(), NodeError> {
    let ok = (2..=35).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && text.as_bytes()[0].is_ascii_alphabetic();
    if ok { Ok(()) } else { Err(NodeError::invalid("language", "must be a BCP 47 language tag")) }
}

/// Whether `text` has the form of an IANA time zone name (the portal checks it exists).
fn check_timezone(text: &str) -> Result<(), NodeError> {
    let ok = (1..=64).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
        && text.as_bytes()[0].is_ascii_alphabetic();
    if ok { Ok(()) } else { Err(NodeError::invalid("timezone", "must be an IANA time zone name")) }
}

impl Node {
    /// What `username` chose for reading (nothing for an unknown user).
    pub fn preferences(&self, username: &str) -> Result<Preferences, NodeError> {
        Ok(self
            .user(username)?
            .map(|user| Preferences { language: user.language, timezone: user.timezone })
            .unwrap_or_default())
    }

    /// Records what `account` chose for reading.
    pub fn set_preferences(
        &self,
        account: &Account,
        preferences: Preferences,
    ) -> Result<(), NodeError> {
        preferences.language.as_deref().map(check_language).transpose()?;
        preferences.timezone.as_deref().map(check_timezone).transpose()?;
        let mut user =
            self.user(&account.username)?.ok_or_else(|| user_not_found(&account.username))?;
        user.language = preferences.language;
        user.timezone = preferences.timezone;
        let mut batch = Batch::default();
        batch.put(TreeName::Users, account.username.as_bytes(), encode(&user));
        self.write(&batch)
    }

    /// Changes `account`'s password after checking the current one; every session of the
    /// account ends (the caller signs in again with the new password).
    pub async fn change_own_password(
        &self,
        account: &Account,
        current: &str,
        new: &str,
    ) -> Result<(), NodeError> {
        let user =
            self.user(&account.username)?.ok_or_else(|| user_not_found(&account.username))?;
        if !self.password_matches(current, &user.password_hash).await? {
            return Err(NodeError::invalid("current_password", "is not the current password"));
        }
        check_password(new)?;
        self.set_password(&account.username, new).await
    }

    /// The API tokens that act as `account`.
    pub fn own_tokens(&self, account: &Account) -> Result<Vec<TokenInfo>, NodeError> {
        Ok(self.list_tokens()?.into_iter().filter(|t| t.username == account.username).collect())
    }

    /// Revokes `account`'s token `name` (another user's token is not found).
    pub fn revoke_own_token(&self, account: &Account, name: &str) -> Result<(), NodeError> {
        if !self.own_tokens(account)?.iter().any(|t| t.name == name) {
            return Err(NodeError::NotFound {
                code: "token_not_found",
                what: format!("token {name}"),
            });
        }
        self.revoke_token(name)
    }

    /// Gives `username` the role `role`; the last admin keeps theirs.
    pub fn set_role(&self, username: &str, role: Role) -> Result<(), NodeError> {
        let mut user = self.user(username)?.ok_or_else(|| user_not_found(username))?;
        if user.role == Role::Admin && role != Role::Admin {
            self.refuse_last_admin(username)?;
        }
        user.role = role;
        let mut batch = Batch::default();
        batch.put(TreeName::Users, username.as_bytes(), encode(&user));
        self.write(&batch)
    }

    /// Removes `username` unless it is the last admin.
    pub fn remove_user_keeping_an_admin(&self, username: &str) -> Result<(), NodeError> {
        if self.user(username)?.is_some_and(|user| user.role == Role::Admin) {
            self.refuse_last_admin(username)?;
        }
        self.remove_user(username)
    }

    fn refuse_last_admin(&self, username: &str) -> Result<(), NodeError> {
        let admins = self.list_users()?.into_iter().filter(|u| u.role == Role::Admin).count();
        if admins <= 1 {
            return Err(NodeError::Conflict(format!(
                "{username} is the last admin; make another user admin first"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preference_values_are_checked_for_form() {
        assert!(check_language("fr").is_ok());
        assert!(check_language("zh-Hans").is_ok());
        assert!(check_language("f").is_err());
        assert!(check_language("fr;drop").is_err());
        assert!(check_timezone("America/Argentina/Buenos_Aires").is_ok());
        assert!(check_timezone("Etc/GMT+3").is_ok());
        assert!(check_timezone("../etc/passwd").is_err());
        assert!(check_timezone("").is_err());
    }
}
