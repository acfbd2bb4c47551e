//! Edits the operator's config file in place: the `[federation]` peers that `plenary peer` pins
//! and removes. Comments and layout survive (toml_edit, the only user of that crate); the
//! edited text must pass the same parsing and validation as a loaded config before it replaces
//! the file, atomically (a temp file in the same directory, fsync, rename, fsync of the
//! directory).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::{Config, ConfigError, PeerConfig, check_peer_url};
use crate::model::NodeId;

/// Why an edit of the config file was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file could not be read, does not parse, or is (or would become) invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The peer URL is not an http(s) URL.
    #[error("{0:?} is not a peer url (expected http://host[:port] or https://host[/path])")]
    BadUrl(String),
    /// A peer with this URL is already configured.
    #[error("{url} is already a peer{}", pinned(.node_id))]
    DuplicateUrl {
        /// The URL as configured.
        url: String,
        /// Its pinned id, if any.
        node_id: Option<NodeId>,
    },
    /// A peer with this node id is already configured.
    #[error("node {node_id} is already a peer (at {url})")]
    DuplicateId {
        /// The id.
        node_id: NodeId,
        /// Where it is configured to be reached.
        url: String,
    },
    /// The id is this node's own.
    #[error("{0} is this node's own id; a node is not its own peer")]
    OwnId(NodeId),
    /// The id is in `[federation] blocked`.
    #[error("node {0} is listed in [federation] blocked; unblock it before pinning it as a peer")]
    Blocked(NodeId),
    /// No configured peer has this id.
    #[error("node {node_id} is not a peer in {file}")]
    UnknownId {
        /// The id.
        node_id: NodeId,
        /// The config file.
        file: String,
    },
    /// `federation` or `federation.peers` has a shape this editor does not change.
    #[error("{file}: {reason}")]
    Layout {
        /// The config file.
        file: String,
        /// What is unexpected.
        reason: String,
    },
    /// The new file could not be written; the old one is untouched.
    #[error("cannot write {file}: {reason}")]
    Write {
        /// The config file.
        file: String,
        /// The I/O error.
        reason: String,
    },
}

fn pinned(node_id: &Option<NodeId>) -> String {
    node_id.map(|id| format!(" (node {id})")).unwrap_or_default()
}

/// Checks that `peer` may join `config`'s peers of the node `own`: a good URL, a pinned id that
/// is not this node's, not blocked, and neither id nor URL already configured.
pub fn check_new_peer(config: &Config, peer: &PeerConfig, own: &NodeId) -> Result<(), EditError> {
    if check_peer_url(&peer.url).is_err() {
        return Err(EditError::BadUrl(peer.url.clone()));
    }
    if let Some(id) = peer.node_id {
        if id == *own {
            return Err(EditError::OwnId(id));
        }
        if config.federation.blocked.contains(&id) {
            return Err(EditError::Blocked(id));
        }
    }
    for existing in &config.federation.peers {
        if let Some(node_id) = peer.node_id.filter(|id| existing.node_id == Some(*id)) {
            return Err(EditError::DuplicateId { node_id, url: existing.url.clone() });
        }
        if same_url(&existing.url, &peer.url) {
            let (url, node_id) = (existing.url.clone(), existing.node_id);
            return Err(EditError::DuplicateUrl { url, node_id });
        }
    }
    Ok(())
}

/// Two spellings of one peer URL: scheme and host compared without case, a trailing `/` ignored.
fn same_url(a: &str, b: &str) -> bool {
    fn normal(url: &str) -> String {
        let url = url.trim_end_matches('/');
        let host_end = url.find("://").map_or(0, |i| i + 3);
        let path_start = url[host_end..].find('/').map_or(url.len(), |i| host_end + i);
        format!("{}{}", url[..path_start].to_ascii_lowercase(), &url[path_start..])
    }
    normal(a) == normal(b)
}

/// Where a config file is read from and validated against.
pub struct Source<'a> {
    /// The file's name in messages.
    pub origin: &'a str,
    /// The directory relative paths resolve against.
    pub base: &'a Path,
    /// The environment overrides in force.
    pub env: Vec<(String, String)>,
}

impl Source<'_> {
    fn parse(&self, text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, self.origin, self.base, self.env.iter().cloned())
    }
}

/// `text` with `peer` appended to `[federation] peers` (URL without a trailing `/`), checked
/// as [`check_new_peer`] does and validated; returns the new text and the peer as written.
pub fn with_peer_added(
    text: &str,
    source: &Source<'_>,
    peer: &PeerConfig,
    own: &NodeId,
) -> Result<(String, PeerConfig), EditError> {
    let before = source.parse(text)?;
    let peer = PeerConfig { url: peer.url.trim_end_matches('/').to_owned(), ..peer.clone() };
    check_new_peer(&before, &peer, own)?;
    let mut doc = document(text, source)?;
    let layout =
        |reason: &str| EditError::Layout { file: source.origin.into(), reason: reason.into() };
    if doc.get("federation").is_none() {
        doc.insert("federation", Item::Table(Table::new()));
    }
    let federation = doc
        .get_mut("federation")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| layout("federation is not a table"))?;
    if federation.get("peers").is_none() {
        federation.insert("peers", Item::Value(Value::Array(Array::new())));
    }
    match federation.get_mut("peers") {
        Some(Item::Value(Value::Array(peers))) => push_inline(peers, &peer),
        Some(Item::ArrayOfTables(peers)) => {
            let mut table = Table::new();
            table.insert("url", toml_edit::value(peer.url.as_str()));
            if let Some(id) = peer.node_id {
                table.insert("node_id", toml_edit::value(id.to_string()));
            }
            peers.push(table);
        }
        _ => return Err(layout("federation.peers is not an array")),
    }
    let text = doc.to_string();
    let after = source.parse(&text)?;
    if after.federation.peers.len() != before.federation.peers.len() + 1 {
        return Err(layout("federation.peers did not take the new peer"));
    }
    Ok((text, peer))
}

/// Appends `peer` as an inline table, one per line like the entries before it.
fn push_inline(peers: &mut Array, peer: &PeerConfig) {
    let mut entry = InlineTable::new();
    entry.insert("url", peer.url.as_str().into());
    if let Some(id) = peer.node_id {
        entry.insert("node_id", id.to_string().into());
    }
    entry.fmt();
    let mut value = Value::InlineTable(entry);
    let last_prefix = peers.iter().last().and_then(|v| v.decor().prefix()?.as_str());
    let prefix = match last_prefix {
        Some(prefix) => prefix.to_owned(),
        None if peers.is_empty() => {
            peers.set_trailing("\n");
            peers.set_trailing_comma(true);
            "\n  ".to_owned()
        }
        None => " ".to_owned(),
    };
    value.decor_mut().set_prefix(prefix);
    value.decor_mut().set_suffix("");
    peers.push_formatted(value);
}

/// `text` without the peer pinned as `node_id`, validated; returns the new text and the peer.
pub fn with_peer_removed(
    text: &str,
    source: &Source<'_>,
    node_id: &NodeId,
) -> Result<(String, PeerConfig), EditError> {
    let before = source.parse(text)?;
    let Some(removed) = before.federation.peers.iter().find(|p| p.node_id == Some(*node_id)) else {
        return Err(EditError::UnknownId { node_id: *node_id, file: source.origin.into() });
    };
    let mut doc = document(text, source)?;
    let layout =
        |reason: &str| EditError::Layout { file: source.origin.into(), reason: reason.into() };
    let id_text = node_id.to_string();
    let names_id = |node: Option<&str>| node.is_some_and(|n| n.trim() == id_text);
    let peers = doc.get_mut("federation").and_then(|f| f.as_table_like_mut()?.get_mut("peers"));
    match peers {
        Some(Item::Value(Value::Array(peers))) => {
            peers.retain(|v| {
                !names_id(v.as_inline_table().and_then(|t| t.get("node_id")?.as_str()))
            });
            let trailing_blank = peers.trailing().as_str().is_some_and(|t| t.trim().is_empty());
            if peers.is_empty() && trailing_blank {
                peers.set_trailing("");
                peers.set_trailing_comma(false);
            }
        }
        Some(Item::ArrayOfTables(peers)) => {
            peers.retain(|t| !names_id(t.get("node_id").and_then(Item::as_str)));
        }
        _ => return Err(layout("federation.peers is not an array")),
    }
    let text = doc.to_string();
    let after = source.parse(&text)?;
    if after.federation.peers.iter().any(|p| p.node_id == Some(*node_id)) {
        return Err(layout("the peer's entry is not one this editor can remove"));
    }
    Ok((text, removed.clone()))
}

fn document(text: &str, source: &Source<'_>) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>().map_err(|err| {
        EditError::Config(ConfigError::Parse {
            origin: source.origin.into(),
            reason: super::one_line(&err.to_string()),
        })
    })
}

/// Pins `peer` in the config file at `path` of the node `own`; returns the peer as written.
pub fn add_peer(path: &Path, peer: &PeerConfig, own: &NodeId) -> Result<PeerConfig, EditError> {
    edit_file(path, |text, source| with_peer_added(text, source, peer, own))
}

/// Removes the peer pinned as `node_id` from the config file at `path`; returns it.
pub fn remove_peer(path: &Path, node_id: &NodeId) -> Result<PeerConfig, EditError> {
    edit_file(path, |text, source| with_peer_removed(text, source, node_id))
}

fn edit_file(
    path: &Path,
    edit: impl FnOnce(&str, &Source<'_>) -> Result<(String, PeerConfig), EditError>,
) -> Result<PeerConfig, EditError> {
    // Through a symlink, the file it names is the one replaced.
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|err| ConfigError::Read { path: origin.clone(), reason: err.to_string() })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let source = Source { origin: &origin, base, env: std::env::vars().collect() };
    let (new_text, peer) = edit(&text, &source)?;
    replace_file(&path, new_text.as_bytes())
        .map_err(|err| EditError::Write { file: origin, reason: err.to_string() })?;
    Ok(peer)
}

/// Replaces `path` with `bytes` atomically, keeping its permissions.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    let tmp = temp_path(path);
    let _ = std::fs::remove_file(&tmp);
    let written = (|| {
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        file.write_all(bytes)?;
        file.set_permissions(permissions)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// `.NAME.tmp` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: NodeId = NodeId([9; 32]);

    fn source() -> Source<'static> {
        Source { origin: "test.toml", base: Path::new("/etc/plenary"), env: Vec::new() }
    }

    fn peer(url: &str, seed: u8) -> PeerConfig {
        PeerConfig { url: url.into(), node_id: Some(NodeId([seed; 32])) }
    }

    const COMMENTED: &str = "# Operator's notes: keep me.\nversion = 1\n\n[node]\nname = \"Test\" # inline\nacronym = \"T\"\ndata_dir = \"data\"\nkey_file = \"node.key\"\nlisten = \"127.0.0.1:7700\"\npublic_url = \"http://127.0.0.1:7700\"\n\n[federation]\n# Pinned peers.\npeers = [\n  # The first partner.\n  { url = \"https://a.example\", node_id = \"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\" },\n]\nsync_interval_secs = 60 # a minute\n\n[limits]\n# Bigger files.\nfile_bytes = 1000\n";

    fn parse(text: &str) -> Config {
        source().parse(text).unwrap()
    }

    #[test]
    fn adding_keeps_comments_and_layout_and_validates() {
        let (text, written) =
            with_peer_added(COMMENTED, &source(), &peer("https://b.example/", 2), &OWN).unwrap();
        assert_eq!(written.url, "https://b.example", "trailing slash dropped");
        for line in COMMENTED.lines() {
            assert!(text.contains(line), "kept {line:?} in:\n{text}");
        }
        let b = "\n  { url = \"https://b.example\", node_id = \"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI\" },\n]";
        assert!(text.contains(b), "one entry per line:\n{text}");
        let config = parse(&text);
        assert_eq!(config.federation.peers.len(), 2);
        assert_eq!(config.federation.peers[1], written);
        assert_eq!(config.federation.sync_interval_secs, 60);
        let (again, removed) = with_peer_removed(&text, &source(), &NodeId([2; 32])).unwrap();
        assert_eq!(removed, written);
        assert_eq!(again, COMMENTED, "remove undoes add byte for byte");
    }

    #[test]
    fn a_config_without_federation_or_peers_gains_them() {
        let plain = COMMENTED.split("[federation]").next().unwrap_or_default().to_owned();
        let (text, _) = with_peer_added(&plain, &source(), &peer("http://b:1", 2), &OWN).unwrap();
        assert!(text.starts_with(&plain), "{text}");
        assert_eq!(parse(&text).federation.peers, [peer("http://b:1", 2)]);
        let (removed, _) = with_peer_removed(&text, &source(), &NodeId([2; 32])).unwrap();
        assert!(parse(&removed).federation.peers.is_empty());
        assert!(removed.contains("peers = []"), "{removed}");

        let no_peers = COMMENTED.replace("peers = [\n  # The first partner.\n", "x = [\n");
        let no_peers = no_peers.replace("x = [\n  { url = \"https://a.example\", node_id = \"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\" },\n]\n", "");
        let (text, _) =
            with_peer_added(&no_peers, &source(), &peer("http://b:1", 2), &OWN).unwrap();
        assert!(text.contains("# Pinned peers.\nsync_interval_secs = 60 # a minute\npeers = [\n  { url = \"http://b:1\""), "{text}");
        assert_eq!(parse(&text).federation.peers, [peer("http://b:1", 2)]);
    }

    #[test]
    fn arrays_of_tables_are_edited_as_tables() {
        let tables = COMMENTED.replace(
            "peers = [\n  # The first partner.\n  { url = \"https://a.example\", node_id = \"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\" },\n]\n",
            "",
        ) + "\n[[federation.peers]]\n# The first partner.\nurl = \"https://a.example\"\nnode_id = \"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\"\n";
        assert_eq!(parse(&tables).federation.peers.len(), 1);
        let (text, _) = with_peer_added(&tables, &source(), &peer("http://b:1", 2), &OWN).unwrap();
        assert!(text.starts_with(&tables), "{text}");
        assert_eq!(parse(&text).federation.peers.len(), 2);
        let (text, _) = with_peer_removed(&text, &source(), &NodeId([1; 32])).unwrap();
        assert_eq!(parse(&text).federation.peers, [peer("http://b:1", 2)]);
        assert!(text.contains("# Operator's notes"));
    }

    #[test]
    fn mistakes_are_refused_naming_the_problem() {
        let add = |p: PeerConfig| with_peer_added(COMMENTED, &source(), &p, &OWN).unwrap_err();
        assert!(matches!(add(peer("https://A.example/", 3)), EditError::DuplicateUrl { .. }));
        assert!(matches!(add(peer("https://c.example", 1)), EditError::DuplicateId { .. }));
        assert!(matches!(add(peer("https://c.example", 9)), EditError::OwnId(_)));
        assert!(matches!(add(peer("ftp://c.example", 3)), EditError::BadUrl(_)));
        assert!(matches!(add(peer("https://", 3)), EditError::BadUrl(_)));
        let blocked = COMMENTED.replace(
            "sync_interval_secs",
            "blocked = [\"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM\"]\nsync_interval_secs",
        );
        let err = with_peer_added(&blocked, &source(), &peer("https://c.example", 3), &OWN);
        assert!(matches!(err, Err(EditError::Blocked(_))), "{err:?}");
        let err = with_peer_removed(COMMENTED, &source(), &NodeId([3; 32])).unwrap_err();
        assert!(err.to_string().contains("not a peer in test.toml"), "{err}");
        let broken = COMMENTED.replace("version = 1", "version = 1\nversion = 2");
        let err = with_peer_added(&broken, &source(), &peer("https://c.example", 3), &OWN);
        assert!(matches!(err, Err(EditError::Config(ConfigError::Parse { .. }))), "{err:?}");
        let inline =
            COMMENTED.replace("[federation]\n", "").replace("peers = [", "federation = 3\nx = [");
        assert!(with_peer_added(&inline, &source(), &peer("https://c.example", 3), &OWN).is_err());
    }

    #[test]
    fn files_are_replaced_atomically_keeping_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plenary.toml");
        std::fs::write(&path, COMMENTED).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        add_peer(&path, &peer("https://b.example", 2), &OWN).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("https://b.example") && text.contains("# Operator's notes"));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(!temp_path(&path).exists());
        remove_peer(&path, &NodeId([2; 32])).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), COMMENTED);
        assert!(matches!(
            remove_peer(&dir.path().join("absent.toml"), &NodeId([2; 32])),
            Err(EditError::Config(ConfigError::Read { .. }))
        ));
    }
}
