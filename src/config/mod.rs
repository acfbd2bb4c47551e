//! Node configuration (DESIGN §4.3): versioned strict TOML, `PLENARY_<SECTION>_<FIELD>`
//! environment overrides, validation after parsing, and the embedded default a node runs on when
//! no config file exists. Relative paths are resolved against the config file's directory.
//! `edit` changes the operator's file in place (the peers `plenary peer` pins).

pub mod edit;
pub mod groups;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::NodeId;

/// The config format version this code reads.
pub const CONFIG_VERSION: u32 = 1;

/// The configuration `plenary serve` runs on when there is no config file anywhere.
pub const EMBEDDED_DEFAULT: &str = include_str!("../default.toml");

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        reason: String,
    },
    /// The TOML did not parse into the expected shape (unknown field, wrong type, …).
    #[error("config {origin}: {reason}")]
    Parse {
        /// The file, or "embedded default".
        origin: String,
        /// The parser's message, which names the field.
        reason: String,
    },
    /// A value parsed but is not acceptable.
    #[error("config field {field}: {reason}")]
    Invalid {
        /// Dotted path of the field (`limits.record_bytes`).
        field: String,
        /// Why.
        reason: String,
    },
    /// An environment override's value is not of its field's type.
    #[error("environment variable {variable}: {reason}")]
    BadOverride {
        /// The variable.
        variable: String,
        /// Why.
        reason: String,
    },
    /// An environment override names no known field.
    #[error("environment variable {0} names no config field (see DESIGN §4.3 for the sections)")]
    UnknownOverride(String),
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Must be [`CONFIG_VERSION`].
    pub version: u32,
    /// Who this node is and where it keeps its data.
    pub node: NodeSection,
    /// Peers and trust.
    #[serde(default)]
    pub federation: FederationSection,
    /// Index settings.
    #[serde(default)]
    pub search: SearchSection,
    /// Size and time limits.
    #[serde(default)]
    pub limits: LimitsSection,
    /// Login sessions.
    #[serde(default)]
    pub accounts: AccountsSection,
    /// Where this node tells its organisation's systems what is new for it (optional).
    #[serde(default, skip_serializing_if = "NotificationsSection::is_unset")]
    pub notifications: NotificationsSection,
    /// The file this config was loaded from (absolute); `None` for the embedded default or
    /// parsed text. A running node edits it when peers are added or removed.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// `[node]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSection {
    /// The organisation's name, as published in the node record.
    pub name: String,
    /// Its acronym (OECD, WTO …).
    pub acronym: String,
    /// Where sled, files and the index live.
    pub data_dir: PathBuf,
    /// The PKCS#8 PEM signing key.
    pub key_file: PathBuf,
    /// Address the HTTP server binds.
    pub listen: SocketAddr,
    /// The URL partners and users reach this node at.
    pub public_url: String,
    /// A sentence about the organisation, for the node record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Languages the organisation publishes in (BCP 47).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
}

/// `[federation]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationSection {
    /// Partner nodes this node pulls from.
    pub peers: Vec<PeerConfig>,
    /// Extra node ids trusted without being peers.
    pub trusted: Vec<NodeId>,
    /// Node ids refused whatever else says.
    pub blocked: Vec<NodeId>,
    /// Whether origins that peers relay join the federation.
    pub relayed_trust: bool,
    /// Seconds between repair pulls.
    pub sync_interval_secs: u64,
}

/// One peer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PeerConfig {
    /// Base URL of the peer.
    pub url: String,
    /// The pinned node id, checked on first contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<NodeId>,
}

/// `[search]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchSection {
    /// Milliseconds between index commits.
    pub commit_interval_ms: u64,
    /// Languages analysed with their own stemmer or segmenter (of en, fr, es, ru, ar, zh; text
    /// in any other language gets the default analyzer).
    pub languages: Vec<String>,
}

/// `[limits]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsSection {
    /// Largest JSON request or record, in bytes.
    pub record_bytes: usize,
    /// Largest file, in bytes.
    pub file_bytes: u64,
    /// Seconds a JSON request may take.
    pub request_timeout_secs: u64,
    /// Seconds a file upload or download may take.
    pub transfer_timeout_secs: u64,
    /// Password hashes computed at once (each takes 19 MiB and tens of milliseconds).
    pub concurrent_password_hashes: usize,
    /// Most records committed in one group commit.
    pub commit_batch: usize,
}

/// `[accounts]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountsSection {
    /// Hours a login session lasts.
    pub session_hours: u64,
}

/// `[notifications]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct NotificationsSection {
    /// An http(s) URL this node POSTs a signed JSON notice to when something arrives for it
    /// (a comment on its documents, a survey or consultation it may answer, an invitation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
}

impl NotificationsSection {
    /// Whether nothing is configured (the section is then left out of written configs).
    pub fn is_unset(&self) -> bool {
        self.webhook_url.is_none()
    }
}

impl Default for FederationSection {
    fn default() -> Self {
        FederationSection {
            peers: Vec::new(),
            trusted: Vec::new(),
            blocked: Vec::new(),
            relayed_trust: true,
            sync_interval_secs: 30,
        }
    }
}

impl Default for SearchSection {
    fn default() -> Self {
        let languages = ["en", "fr", "es", "ru", "ar", "zh"].map(String::from).to_vec();
        SearchSection { commit_interval_ms: 250, languages }
    }
}

impl Default for LimitsSection {
    fn default() -> Self {
        LimitsSection {
            record_bytes: 1 << 20,
            file_bytes: 256 << 20,
            request_timeout_secs: 30,
            transfer_timeout_secs: 900,
            concurrent_password_hashes: 2,
            commit_batch: 512,
        }
    }
}

impl Default for AccountsSection {
    fn default() -> Self {
        AccountsSection { session_hours: 12 }
    }
}

impl Config {
    /// Reads, overrides from the process environment, resolves and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|err| ConfigError::Read {
            path: path.display().to_string(),
            reason: err.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut config = Config::parse(&text, &path.display().to_string(), base, std::env::vars())?;
        config.source = Some(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        Ok(config)
    }

    /// The embedded default, with paths relative to the current directory.
    pub fn embedded_default() -> Result<Config, ConfigError> {
        Config::parse(EMBEDDED_DEFAULT, "embedded default", Path::new("."), std::env::vars())
    }

    /// Parses `text`, applies `env` overrides, resolves paths against `base` and validates.
    pub fn parse(
        text: &str,
        origin: &str,
        base: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        // toml's messages span several lines (with a source excerpt); keep them on one.
        let parse_error = |reason: String| ConfigError::Parse {
            origin: origin.into(),
            reason: one_line(&reason),
        };
        let mut table: toml::Table =
            toml::from_str(text).map_err(|err| parse_error(err.to_string()))?;
        apply_env_overrides(&mut table, env)?;
        let mut config: Config = Config::deserialize(toml::Value::Table(table))
            .map_err(|err| parse_error(err.to_string()))?;
        config.node.data_dir = base.join(&config.node.data_dir);
        config.node.key_file = base.join(&config.node.key_file);
        config.validate()?;
        Ok(config)
    }

    /// Checks every value that parsed but may still be unusable.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let version = self.version;
        check(
            version == CONFIG_VERSION,
            "version",
            &format!("must be {CONFIG_VERSION}, got {version}"),
        )?;
        check_text("node.name", &self.node.name, 200)?;
        check_text("node.acronym", &self.node.acronym, 20)?;
        check(
            !self.node.acronym.contains(char::is_whitespace),
            "node.acronym",
            "must not contain spaces",
        )?;
        check_url("node.public_url", &self.node.public_url)?;
        for peer in &self.federation.peers {
            check_peer_url(&peer.url)?;
        }
        check(
            self.federation.sync_interval_secs >= 1,
            "federation.sync_interval_secs",
            "must be at least 1",
        )?;
        let interval = self.search.commit_interval_ms;
        check(
            (10..=60_000).contains(&interval),
            "search.commit_interval_ms",
            "must be 10 to 60000",
        )?;
        let analyzed = ["en", "fr", "es", "ru", "ar", "zh"];
        for language in &self.search.languages {
            let known = analyzed.contains(&language.as_str());
            check(
                known,
                "search.languages",
                &format!("{language:?} has no analyzer; use some of {analyzed:?}"),
            )?;
        }
        self.limits.validate()?;
        if let Some(url) = &self.notifications.webhook_url {
            check_url("notifications.webhook_url", url)?;
        }
        check(self.accounts.session_hours >= 1, "accounts.session_hours", "must be at least 1")
    }

    /// The TOML text of this config (what `plenary init` writes).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

impl LimitsSection {
    fn validate(&self) -> Result<(), ConfigError> {
        let record = self.record_bytes;
        check(
            (4096..=64 << 20).contains(&record),
            "limits.record_bytes",
            "must be 4 KiB to 64 MiB",
        )?;
        check(self.file_bytes >= 1, "limits.file_bytes", "must be at least 1")?;
        check(self.request_timeout_secs >= 1, "limits.request_timeout_secs", "must be at least 1")?;
        check(
            self.transfer_timeout_secs >= 1,
            "limits.transfer_timeout_secs",
            "must be at least 1",
        )?;
        let hashes = self.concurrent_password_hashes;
        check((1..=64).contains(&hashes), "limits.concurrent_password_hashes", "must be 1 to 64")?;
        check(
            (1..=65_536).contains(&self.commit_batch),
            "limits.commit_batch",
            "must be 1 to 65536",
        )
    }
}

/// Joins a multi-line parser message into one line, dropping its source-excerpt lines.
fn one_line(message: &str) -> String {
    let lines = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains('|') && !l.starts_with('^'));
    lines.collect::<Vec<_>>().join(" ")
}

fn check(ok: bool, field: &str, reason: &str) -> Result<(), ConfigError> {
    if ok {
        Ok(())
    } else {
        Err(ConfigError::Invalid { field: field.into(), reason: reason.into() })
    }
}

fn check_text(field: &str, value: &str, max_chars: usize) -> Result<(), ConfigError> {
    check(!value.trim().is_empty(), field, "must not be empty")?;
    check(
        value.chars().count() <= max_chars,
        field,
        &format!("must be at most {max_chars} characters"),
    )
}

fn check_url(field: &str, url: &str) -> Result<(), ConfigError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    check(
        host_ok && !url.contains(char::is_whitespace),
        field,
        "must be an http:// or https:// url",
    )
}

/// Checks a peer's base URL: `http://` or `https://`, a host, no whitespace.
pub fn check_peer_url(url: &str) -> Result<(), ConfigError> {
    check_url("federation.peers.url", url)
}

/// Which fields may be overridden from the environment, and how their text is read.
const OVERRIDABLE: &[(&str, &str, ValueForm)] = &[
    ("node", "name", ValueForm::Text),
    ("node", "acronym", ValueForm::Text),
    ("node", "data_dir", ValueForm::Text),
    ("node", "key_file", ValueForm::Text),
    ("node", "listen", ValueForm::Text),
    ("node", "public_url", ValueForm::Text),
    ("node", "description", ValueForm::Text),
    ("federation", "relayed_trust", ValueForm::Bool),
    ("federation", "sync_interval_secs", ValueForm::Integer),
    ("search", "commit_interval_ms", ValueForm::Integer),
    ("limits", "record_bytes", ValueForm::Integer),
    ("limits", "file_bytes", ValueForm::Integer),
    ("limits", "request_timeout_secs", ValueForm::Integer),
    ("limits", "transfer_timeout_secs", ValueForm::Integer),
    ("limits", "concurrent_password_hashes", ValueForm::Integer),
    ("limits", "commit_batch", ValueForm::Integer),
    ("accounts", "session_hours", ValueForm::Integer),
    ("notifications", "webhook_url", ValueForm::Text),
];

#[derive(Clone, Copy)]
enum ValueForm {
    Text,
    Integer,
    Bool,
}

fn apply_env_overrides(
    table: &mut toml::Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    const SECTIONS: [&str; 6] =
        ["node", "federation", "search", "limits", "accounts", "notifications"];
    for (name, raw) in env {
        let Some(rest) = name.strip_prefix("PLENARY_") else { continue };
        let rest = rest.to_ascii_lowercase();
        let Some(section) = SECTIONS.iter().find(|s| rest.starts_with(&format!("{s}_"))) else {
            continue;
        };
        let field = &rest[section.len() + 1..];
        let form = OVERRIDABLE
            .iter()
            .find(|(s, f, _)| s == section && *f == field)
            .map(|(_, _, form)| *form)
            .ok_or_else(|| ConfigError::UnknownOverride(name.clone()))?;
        let value = override_value(&name, &raw, form)?;
        let entry = table.entry(section.to_string()).or_insert_with(|| toml::Table::new().into());
        match entry.as_table_mut() {
            Some(section_table) => section_table.insert(field.to_string(), value),
            None => {
                return Err(ConfigError::Invalid {
                    field: section.to_string(),
                    reason: "must be a table".into(),
                });
            }
        };
    }
    Ok(())
}

fn override_value(name: &str, raw: &str, form: ValueForm) -> Result<toml::Value, ConfigError> {
    let invalid = |kind: &str| ConfigError::BadOverride {
        variable: name.into(),
        reason: format!("must be {kind}, got {raw:?}"),
    };
    Ok(match form {
        ValueForm::Text => toml::Value::String(raw.into()),
        ValueForm::Integer => {
            toml::Value::Integer(raw.trim().parse().map_err(|_| invalid("an integer"))?)
        }
        ValueForm::Bool => {
            toml::Value::Boolean(raw.trim().parse().map_err(|_| invalid("true or false"))?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::parse(text, "test", Path::new("/etc/plenary"), env)
    }

    #[test]
    fn embedded_default_is_valid_and_local() {
        let config = parse(EMBEDDED_DEFAULT, &[]).unwrap();
        assert_eq!(config.node.listen.to_string(), "127.0.0.1:7700");
        assert_eq!(config.node.data_dir, Path::new("/etc/plenary/plenary-data"));
        assert_eq!(config.limits.record_bytes, 1 << 20);
        assert_eq!(config.limits.file_bytes, 256 << 20);
    }

    #[test]
    fn unknown_fields_and_versions_are_refused() {
        let bad = EMBEDDED_DEFAULT.replace("[node]", "[node]\ncolour = \"red\"");
        let err = parse(&bad, &[]).unwrap_err().to_string();
        assert!(err.contains("colour"), "{err}");
        let bad = EMBEDDED_DEFAULT.replace("version = 1", "version = 2");
        assert!(
            matches!(parse(&bad, &[]), Err(ConfigError::Invalid { field, .. }) if field == "version")
        );
    }

    #[test]
    fn environment_overrides_apply_and_are_checked() {
        let config = parse(
            EMBEDDED_DEFAULT,
            &[("PLENARY_LIMITS_RECORD_BYTES", "65536"), ("PLENARY_NODE_NAME", "2024")],
        )
        .unwrap();
        assert_eq!(config.limits.record_bytes, 65536);
        assert_eq!(config.node.name, "2024");
        assert!(
            parse(EMBEDDED_DEFAULT, &[("PLENARY_NODE", "http://x"), ("PLENARY_CORPUS", "/c")])
                .is_ok()
        );
        assert!(matches!(
            parse(EMBEDDED_DEFAULT, &[("PLENARY_LIMITS_RECORD_SIZE", "1")]),
            Err(ConfigError::UnknownOverride(_))
        ));
        assert!(parse(EMBEDDED_DEFAULT, &[("PLENARY_LIMITS_RECORD_BYTES", "lots")]).is_err());
    }

    #[test]
    fn values_are_validated() {
        let bad = EMBEDDED_DEFAULT.replace("http://127.0.0.1:7700", "ftp://x");
        assert!(
            matches!(parse(&bad, &[]), Err(ConfigError::Invalid { field, .. }) if field == "node.public_url")
        );
        assert!(parse(EMBEDDED_DEFAULT, &[("PLENARY_LIMITS_RECORD_BYTES", "10")]).is_err());
    }

    #[test]
    fn to_toml_round_trips() {
        let config = parse(EMBEDDED_DEFAULT, &[]).unwrap();
        let again = Config::parse(&config.to_toml(), "again", Path::new("/"), []).unwrap();
        assert_eq!(again, config);
    }

    #[test]
    fn a_webhook_url_is_optional_checked_and_overridable() {
        let config = parse(EMBEDDED_DEFAULT, &[]).unwrap();
        assert_eq!(config.notifications.webhook_url, None);
        assert!(!config.to_toml().contains("notifications"));
        let url = "https://hooks.example/plenary";
        let set = parse(EMBEDDED_DEFAULT, &[("PLENARY_NOTIFICATIONS_WEBHOOK_URL", url)]).unwrap();
        assert_eq!(set.notifications.webhook_url.as_deref(), Some(url));
        let again = Config::parse(&set.to_toml(), "again", Path::new("/"), []).unwrap();
        assert_eq!(again, set);
        let bad = parse(EMBEDDED_DEFAULT, &[("PLENARY_NOTIFICATIONS_WEBHOOK_URL", "ftp://x")]);
        assert!(bad.unwrap_err().to_string().contains("notifications.webhook_url"));
        let text = format!("{EMBEDDED_DEFAULT}\n[notifications]\nwebhook = \"{url}\"\n");
        assert!(parse(&text, &[]).is_err(), "unknown fields are refused");
    }
}
