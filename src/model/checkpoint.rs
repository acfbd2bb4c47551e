//! Checkpoints of a node's log in the C2SP `tlog-checkpoint` text form, carried in a C2SP
//! signed note: an origin line naming the log (`plenary/<node id>`), the tree size, the
//! base64 Merkle root (RFC 6962, leaves the records' canonical headers in seq order), a blank
//! line, then one line per signature — `— <name> <base64(key hash ‖ Ed25519 signature)>`,
//! the key hash being the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
//! Parsing is strict: anything else is refused with the reason. Pure: signing and
//! verification are `crypto`'s.

use sha2::{Digest, Sha256};

use super::ids::{decode_b64_std, encode_b64_std};
use super::merkle::Hash;
use super::{KeyId, NodeId};

/// The signature algorithm byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// Longest note accepted.
const MAX_NOTE: usize = 16 * 1024;

/// Why a checkpoint text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("checkpoint refused: {0}")]
pub struct CheckpointError(pub String);

/// What a checkpoint states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log: `plenary/<node id>`.
    pub origin: String,
    /// Leaves in the tree (records in the log).
    pub size: u64,
    /// The tree's root.
    pub root: Hash,
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// The signer's key name.
    pub name: String,
    /// The first four bytes of the key's hash.
    pub key_hash: [u8; 4],
    /// The Ed25519 signature over the note's body.
    pub signature: [u8; 64],
}

/// A checkpoint with its signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// What it states.
    pub checkpoint: Checkpoint,
    /// Its signature lines, in order.
    pub signatures: Vec<NoteSignature>,
}

impl Checkpoint {
    /// The origin line of `node`'s log (also the name its key signs under).
    pub fn origin_of(node: &NodeId) -> String {
        format!("plenary/{node}")
    }

    /// The signed body: origin, size and root, each on its line.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, encode_b64_std(&self.root))
    }
}

/// The key hash of Ed25519 key `key` named `name`.
pub fn key_hash(name: &str, key: &KeyId) -> [u8; 4] {
    let digest = Sha256::new()
        .chain_update(name.as_bytes())
        .chain_update([b'\n', ED25519])
        .chain_update(key.as_bytes())
        .finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

impl SignedCheckpoint {
    /// The note's text.
    pub fn to_text(&self) -> String {
        let mut text = self.checkpoint.body();
        text.push('\n');
        for line in &self.signatures {
            let mut blob = line.key_hash.to_vec();
            blob.extend_from_slice(&line.signature);
            text.push_str(&format!("— {} {}\n", line.name, encode_b64_std(&blob)));
        }
        text
    }

    /// Reads a note's text.
    pub fn parse(text: &str) -> Result<SignedCheckpoint, CheckpointError> {
        let refuse = |reason: &str| CheckpointError(reason.to_owned());
        if text.len() > MAX_NOTE {
            return Err(refuse("longer than 16 KiB"));
        }
        let (body, signatures) =
            text.split_once("\n\n").ok_or_else(|| refuse("no blank line before the signatures"))?;
        let mut lines = body.split('\n');
        let origin = lines.next().filter(|o| !o.is_empty() && !o.contains(' '));
        let origin = origin.ok_or_else(|| refuse("the first line must name the log"))?;
        let size = lines
            .next()
            .and_then(parse_size)
            .ok_or_else(|| refuse("the second line must be the tree size in decimal"))?;
        let root = lines.next().and_then(decode_b64_std).and_then(|r| r.try_into().ok());
        let root: Hash =
            root.ok_or_else(|| refuse("the third line must be a base64 SHA-256 root"))?;
        if lines.next().is_some() {
            return Err(refuse("extension lines are not used by this log"));
        }
        let signatures = signature_lines(signatures)?;
        let checkpoint = Checkpoint { origin: origin.to_owned(), size, root };
        Ok(SignedCheckpoint { checkpoint, signatures })
    }
}

/// A decimal size without sign or leading zeros.
fn parse_size(text: &str) -> Option<u64> {
    let canonical =
        text == "0" || (!text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit()));
    canonical.then(|| text.parse().ok()).flatten()
}

fn signature_lines(text: &str) -> Result<Vec<NoteSignature>, CheckpointError> {
    let refuse = |reason: String| CheckpointError(reason);
    if text.is_empty() {
        return Err(refuse("the note holds no signature".into()));
    }
    let text = text
        .strip_suffix('\n')
        .ok_or_else(|| refuse("the note must end with a line break".into()))?;
    let mut out = Vec::new();
    for line in text.split('\n') {
        let rest = line
            .strip_prefix("— ")
            .ok_or_else(|| refuse(format!("not a signature line: {line:?}")))?;
        let (name, blob) = rest.split_once(' ').ok_or_else(|| {
            refuse(format!("a signature line needs a name and a signature: {line:?}"))
        })?;
        let blob = decode_b64_std(blob).filter(|b| b.len() == 68);
        let blob = blob.ok_or_else(|| {
            refuse(format!("the signature of {name} is not 4 + 64 bytes of base64"))
        })?;
        let mut key_hash = [0u8; 4];
        key_hash.copy_from_slice(&blob[..4]);
        let mut signature = [0u8; 64];
        signature.copy_from_slice(&blob[4..]);
        out.push(NoteSignature { name: name.to_owned(), key_hash, signature });
    }
    if out.is_empty() {
        return Err(refuse("the note holds no signature".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note() -> SignedCheckpoint {
        let checkpoint =
            Checkpoint { origin: Checkpoint::origin_of(&NodeId([3; 32])), size: 42, root: [9; 32] };
        let name = checkpoint.origin.clone();
        let line =
            NoteSignature { key_hash: key_hash(&name, &KeyId([3; 32])), name, signature: [5; 64] };
        SignedCheckpoint { checkpoint, signatures: vec![line] }
    }

    #[test]
    fn a_note_reads_back_to_itself_in_the_c2sp_layout() {
        let text = note().to_text();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], Checkpoint::origin_of(&NodeId([3; 32])));
        assert_eq!(lines[1], "42");
        assert_eq!(lines[2], encode_b64_std(&[9; 32]));
        assert_eq!(lines[3], "", "a blank line before the signatures");
        assert!(lines[4].starts_with("— plenary/"));
        assert_eq!(SignedCheckpoint::parse(&text).unwrap(), note());
    }

    #[test]
    fn the_key_hash_depends_on_name_and_key() {
        let key = KeyId([3; 32]);
        assert_ne!(key_hash("plenary/a", &key), key_hash("plenary/b", &key));
        assert_ne!(key_hash("plenary/a", &key), key_hash("plenary/a", &KeyId([4; 32])));
    }

    #[test]
    fn malformed_notes_are_refused_with_the_reason() {
        let good = note().to_text();
        let root = encode_b64_std(&[9; 32]);
        let cases = [
            (good.replace("\n42\n", "\n042\n"), "tree size"),
            (good.replace("\n42\n", "\n-1\n"), "tree size"),
            (good.replace(&format!("{root}\n"), &format!("{root}\nextra\n")), "extension"),
            (good.replace(&root, "bm90IGEgaGFzaA=="), "root"),
            (good.split("\n\n").next().unwrap().to_owned() + "\n\n", "no signature"),
            (good.replace("— ", "- "), "not a signature line"),
            (good.trim_end().to_owned(), "line break"),
            (good.replace("\n\n", "\n"), "blank line"),
            ("x".repeat(20_000), "16 KiB"),
        ];
        for (text, reason) in cases {
            let err = SignedCheckpoint::parse(&text).unwrap_err().to_string();
            assert!(err.contains(reason), "{reason:?} expected in {err:?}");
        }
    }
}
