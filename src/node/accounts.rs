//! Local accounts: users with roles and argon2id password hashes (OWASP parameters, a bounded
//! number hashed at once), API tokens and login sessions, both stored only as SHA-256 of the
//! secret. Every change is flushed before it is reported done.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::error::NodeError;
use super::{Account, Node, Role};
use crate::model::Sha256;
use crate::model::ids::encode_b64;
use crate::model::record::format_utc_timestamp;
use crate::store::{Batch, TreeName, encode};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (argon2 cost does not depend on it, but a bound keeps input sane).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Prefix of API tokens, so a leaked one is recognisable.
const TOKEN_PREFIX: &str = "plt_";
/// Prefix of session tokens.
const SESSION_PREFIX: &str = "pls_";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredUser {
    pub(super) username: String,
    pub(super) role: Role,
    pub(super) password_hash: String,
    created_at: String,
    /// The interface language the user chose (BCP 47), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) language: Option<String>,
    /// The time zone the user reads times in (IANA name), if chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) timezone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredToken {
    pub(super) name: String,
    pub(super) username: String,
    pub(super) created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredSession {
    username: String,
    expires_at: i64,
}

/// A user as listed to admins.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserInfo {
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// When the account was created.
    pub created_at: String,
}

/// A token as listed to admins (never the secret).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenInfo {
    /// The token's name.
    pub name: String,
    /// The account it acts as.
    pub username: String,
    /// When it was created.
    pub created_at: String,
}

/// A new secret, shown once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewSecret {
    /// The secret to present as `Authorization: Bearer …`.
    pub token: String,
    /// The account it acts as.
    pub username: String,
    /// Its role.
    pub role: Role,
}

/// The OWASP-recommended argon2id parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Result<Argon2<'static>, NodeError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|err| NodeError::invalid("argon2", err.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn check_username(username: &str) -> Result<(), NodeError> {
    let ok = !username.is_empty()
        && username.len() <= 64
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && username.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(NodeError::invalid(
            "username",
            "1 to 64 of a-z 0-9 . _ -, starting with a letter or digit",
        ))
    }
}

pub(super) fn check_password(password: &str) -> Result<(), NodeError> {
    let chars = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
        return Err(NodeError::invalid(
            "password",
            format!("must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// A random secret with a recognisable prefix.
fn new_secret(prefix: &str) -> String {
    format!("{prefix}{}", encode_b64(&rand::random::<[u8; 32]>()))
}

/// A random password for the first admin.
pub fn random_password() -> String {
    encode_b64(&rand::random::<[u8; 18]>())
}

impl Node {
    async fn hash_password(&self, password: &str) -> Result<String, NodeError> {
        let _permit = self.hash_permits.acquire().await.map_err(|_| NodeError::Unavailable)?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            argon2()?
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|err| NodeError::invalid("password", err.to_string()))
        })
        .await
        .map_err(|_| NodeError::Unavailable)?
    }

    pub(super) async fn password_matches(
        &self,
        password: &str,
        phc: &str,
    ) -> Result<bool, NodeError> {
        let _permit = self.hash_permits.acquire().await.map_err(|_| NodeError::Unavailable)?;
        let (password, phc) = (password.to_owned(), phc.to_owned());
        tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&phc)
                .map_err(|err| NodeError::invalid("password_hash", err.to_string()))?;
            Ok(argon2()?.verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(|_| NodeError::Unavailable)?
    }

    pub(super) fn user(&self, username: &str) -> Result<Option<StoredUser>, NodeError> {
        let bytes = self.store.engine().get(TreeName::Users, username.as_bytes())?;
        Ok(bytes.and_then(|b| serde_json::from_slice(&b).ok()))
    }

    pub(super) fn write(&self, batch: &Batch) -> Result<(), NodeError> {
        self.store.apply(batch)?;
        self.store.flush()?;
        Ok(())
    }

    /// Creates a user.
    pub async fn add_user(
        &self,
        username: &str,
        role: Role,
        password: &str,
    ) -> Result<UserInfo, NodeError> {
        check_username(username)?;
        check_password(password)?;
        if self.user(username)?.is_some() {
            return Err(NodeError::Conflict(format!("user {username} already exists")));
        }
        let password_hash = self.hash_password(password).await?;
        let user = StoredUser {
            username: username.into(),
            role,
            password_hash,
            created_at: format_utc_timestamp(now()),
            language: None,
            timezone: None,
        };
        let mut batch = Batch::default();
        batch.put(TreeName::Users, username.as_bytes(), encode(&user));
        self.write(&batch)?;
        Ok(UserInfo { username: user.username, role, created_at: user.created_at })
    }

    /// Every user.
    pub fn list_users(&self) -> Result<Vec<UserInfo>, NodeError> {
        let entries = self.store.engine().range(TreeName::Users, &[], None, usize::MAX)?;
        Ok(entries
            .iter()
            .filter_map(|(_, v)| serde_json::from_slice::<StoredUser>(v).ok())
            .map(|u| UserInfo { username: u.username, role: u.role, created_at: u.created_at })
            .collect())
    }

    /// Sets a user's password and ends their sessions.
    pub async fn set_password(&self, username: &str, password: &str) -> Result<(), NodeError> {
        check_password(password)?;
        let mut user = self.user(username)?.ok_or_else(|| user_not_found(username))?;
        user.password_hash = self.hash_password(password).await?;
        let mut batch = Batch::default();
        batch.put(TreeName::Users, username.as_bytes(), encode(&user));
        self.stage_sessions_removal(&mut batch, username)?;
        self.write(&batch)
    }

    /// Removes a user with their tokens and sessions.
    pub fn remove_user(&self, username: &str) -> Result<(), NodeError> {
        self.user(username)?.ok_or_else(|| user_not_found(username))?;
        let mut batch = Batch::default();
        batch.remove(TreeName::Users, username.as_bytes());
        self.stage_sessions_removal(&mut batch, username)?;
        self.stage_feed_tokens_removal(&mut batch, username)?;
        for (key, token) in self.tokens()? {
            if token.username == username {
                batch.remove(TreeName::Tokens, key);
            }
        }
        self.write(&batch)
    }

    fn stage_sessions_removal(&self, batch: &mut Batch, username: &str) -> Result<(), NodeError> {
        for (key, value) in self.store.engine().range(TreeName::Sessions, &[], None, usize::MAX)? {
            let session: Option<StoredSession> = serde_json::from_slice(&value).ok();
            if session.is_none_or(|s| s.username == username) {
                batch.remove(TreeName::Sessions, key);
            }
        }
        Ok(())
    }

    /// Creates the first admin when there are no users; returns its one-time password.
    pub async fn ensure_first_admin(&self) -> Result<Option<String>, NodeError> {
        if !self.list_users()?.is_empty() {
            return Ok(None);
        }
        let password = random_password();
        self.add_user("admin", Role::Admin, &password).await?;
        Ok(Some(password))
    }

    /// Checks a username and password; returns a new session secret.
    pub async fn login(&self, username: &str, password: &str) -> Result<NewSecret, NodeError> {
        self.login_from(username, password, None).await
    }

    /// [`Node::login`] by a caller at `address`: refused without checking the password while
    /// that account or address must wait after failed attempts (see `throttle`).
    pub async fn login_from(
        &self,
        username: &str,
        password: &str,
        address: Option<std::net::IpAddr>,
    ) -> Result<NewSecret, NodeError> {
        let started = std::time::Instant::now();
        if let Some(wait) = self.throttle.wait(username, address, started) {
            let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(NodeError::TooManyAttempts { retry_after });
        }
        let outcome = self.check_login(username, password).await;
        match &outcome {
            Err(NodeError::BadCredentials) => self.throttle.failed(username, address, started),
            Ok(_) => self.throttle.succeeded(username, address),
            Err(_) => {}
        }
        outcome
    }

    async fn check_login(&self, username: &str, password: &str) -> Result<NewSecret, NodeError> {
        let user = self.user(username)?;
        // Hash even for unknown users so timing does not reveal which names exist.
        let phc = match &user {
            Some(user) => user.password_hash.clone(),
            None => self.dummy_hash().await?,
        };
        let matches = self.password_matches(password, &phc).await?;
        let user = user.filter(|_| matches).ok_or(NodeError::BadCredentials)?;
        let token = new_secret(SESSION_PREFIX);
        let hours = i64::try_from(self.settings.session_hours).unwrap_or(i64::MAX / 3600);
        let expires_at = now().unix_timestamp().saturating_add(hours.saturating_mul(3600));
        let session = StoredSession { username: user.username.clone(), expires_at };
        let mut batch = Batch::default();
        batch.put(
            TreeName::Sessions,
            Sha256::of(token.as_bytes()).as_bytes().to_vec(),
            encode(&session),
        );
        self.write(&batch)?;
        Ok(NewSecret { token, username: user.username, role: user.role })
    }

    async fn dummy_hash(&self) -> Result<String, NodeError> {
        static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        DUMMY.get_or_try_init(|| self.hash_password("not a real password at all")).await.cloned()
    }

    /// Ends a session.
    pub fn logout(&self, secret: &str) -> Result<(), NodeError> {
        let mut batch = Batch::default();
        batch.remove(TreeName::Sessions, Sha256::of(secret.as_bytes()).as_bytes().to_vec());
        self.write(&batch)
    }

    /// The account a bearer secret (API token or session) stands for.
    pub fn authenticate(&self, secret: &str) -> Result<Account, NodeError> {
        let key = Sha256::of(secret.as_bytes());
        let username = if secret.starts_with(SESSION_PREFIX) {
            let bytes = self
                .store
                .engine()
                .get(TreeName::Sessions, key.as_bytes())?
                .ok_or(NodeError::Unauthenticated)?;
            let session: StoredSession =
                serde_json::from_slice(&bytes).map_err(|_| NodeError::Unauthenticated)?;
            if session.expires_at <= now().unix_timestamp() {
                return Err(NodeError::Unauthenticated);
            }
            session.username
        } else {
            let bytes = self
                .store
                .engine()
                .get(TreeName::Tokens, key.as_bytes())?
                .ok_or(NodeError::Unauthenticated)?;
            let token: StoredToken =
                serde_json::from_slice(&bytes).map_err(|_| NodeError::Unauthenticated)?;
            token.username
        };
        let user = self.user(&username)?.ok_or(NodeError::Unauthenticated)?;
        Ok(Account { username: user.username, role: user.role })
    }

    pub(super) fn tokens(&self) -> Result<Vec<(Vec<u8>, StoredToken)>, NodeError> {
        let entries = self.store.engine().range(TreeName::Tokens, &[], None, usize::MAX)?;
        Ok(entries
            .into_iter()
            .filter_map(|(k, v)| serde_json::from_slice(&v).ok().map(|t| (k, t)))
            .collect())
    }

    /// Creates a named API token acting as `username`.
    pub fn create_token(&self, name: &str, username: &str) -> Result<NewSecret, NodeError> {
        check_username(name).map_err(|_| NodeError::invalid("name", "1 to 64 of a-z 0-9 . _ -"))?;
        let user = self.user(username)?.ok_or_else(|| user_not_found(username))?;
        if self.tokens()?.iter().any(|(_, t)| t.name == name) {
            return Err(NodeError::Conflict(format!("a token named {name} already exists")));
        }
        let secret = new_secret(TOKEN_PREFIX);
        let token = StoredToken {
            name: name.into(),
            username: username.into(),
            created_at: format_utc_timestamp(now()),
        };
        let mut batch = Batch::default();
        batch.put(
            TreeName::Tokens,
            Sha256::of(secret.as_bytes()).as_bytes().to_vec(),
            encode(&token),
        );
        self.write(&batch)?;
        Ok(NewSecret { token: secret, username: user.username, role: user.role })
    }

    /// Every API token (without secrets).
    pub fn list_tokens(&self) -> Result<Vec<TokenInfo>, NodeError> {
        Ok(self
            .tokens()?
            .into_iter()
            .map(|(_, t)| TokenInfo {
                name: t.name,
                username: t.username,
                created_at: t.created_at,
            })
            .collect())
    }

    /// Revokes the token called `name`.
    pub fn revoke_token(&self, name: &str) -> Result<(), NodeError> {
        let (key, _) =
            self.tokens()?.into_iter().find(|(_, t)| t.name == name).ok_or_else(|| {
                NodeError::NotFound { code: "token_not_found", what: format!("token {name}") }
            })?;
        let mut batch = Batch::default();
        batch.remove(TreeName::Tokens, key);
        self.write(&batch)
    }
}

pub(super) fn user_not_found(username: &str) -> NodeError {
    NodeError::NotFound { code: "user_not_found", what: format!("user {username}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords_are_checked() {
        assert!(check_username("jane.doe-2").is_ok());
        assert!(check_username("Jane").is_err());
        assert!(check_username("-x").is_err());
        assert!(check_username(&"a".repeat(65)).is_err());
        assert!(check_password("short").is_err());
        assert!(check_password("long enough password").is_ok());
    }

    #[test]
    fn argon2_uses_owasp_parameters() {
        let phc = argon2().unwrap().hash_password(b"correct horse").unwrap().to_string();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    }
}
