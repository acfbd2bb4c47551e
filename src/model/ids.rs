//! Identifiers: record ids and file hashes (lowercase hex SHA-256) and node and key ids
//! (unpadded base64url of a 32-byte Ed25519 public key). Each is 32 bytes inside and has exactly
//! one text form; parsing refuses every other spelling (upper case, padding, stray bits).

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why an identifier did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be {form}, got {got:?}")]
pub struct IdError {
    what: &'static str,
    form: &'static str,
    got: String,
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $encode:path, $decode:path, $form:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 32]);

        impl $name {
            /// The 32 raw bytes.
            pub fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&$encode(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self)
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(text: &str) -> Result<Self, IdError> {
                $decode(text).map($name).ok_or_else(|| IdError {
                    what: $what,
                    form: $form,
                    got: text.chars().take(80).collect(),
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// A record id: SHA-256 of the canonical bytes of a record's header.
    RecordId, "a record id", hex::encode, decode_hex, "64 lowercase hex digits"
);
id_type!(
    /// A SHA-256 digest: of a file (what `sha256sum` prints) or of a canonical body.
    Sha256, "a sha-256", hex::encode, decode_hex, "64 lowercase hex digits"
);
id_type!(
    /// A node id: the node's genesis Ed25519 public key.
    NodeId, "a node id", encode_b64, decode_b64, "43 characters of unpadded base64url"
);
id_type!(
    /// A key id: an Ed25519 public key that signs for a node.
    KeyId, "a key id", encode_b64, decode_b64, "43 characters of unpadded base64url"
);

impl Sha256 {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Sha256(<sha2::Sha256 as sha2::Digest>::digest(bytes).into())
    }
}

impl NodeId {
    /// The node's genesis key, whose encoding is the node id itself.
    pub fn genesis_key(&self) -> KeyId {
        KeyId(self.0)
    }

    /// SHA-256 of the node's genesis public key (the id's 32 bytes) in hex, in groups of four:
    /// what two operators read to each other to confirm an id.
    pub fn fingerprint(&self) -> String {
        let hex = Sha256::of(&self.0).to_string();
        let groups: Vec<&str> =
            hex.as_bytes().chunks(4).filter_map(|group| std::str::from_utf8(group).ok()).collect();
        groups.join(" ")
    }
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    let lowercase_hex =
        text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !lowercase_hex {
        return None;
    }
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// Unpadded base64url, the encoding of node ids, key ids and signatures.
pub fn encode_b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Standard padded base64 (RFC 4648 §4), as signed notes write hashes and signatures.
pub fn encode_b64_std(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes standard padded base64, refusing non-canonical forms.
pub fn decode_b64_std(text: &str) -> Option<Vec<u8>> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text).ok()?;
    (encode_b64_std(&bytes) == text).then_some(bytes)
}

/// Decodes unpadded base64url, refusing padding and non-canonical trailing bits.
pub fn decode_b64_vec(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

fn decode_b64(text: &str) -> Option<[u8; 32]> {
    if text.len() != 43 {
        return None;
    }
    decode_b64_vec(text)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_have_one_spelling() {
        let lower = "ab".repeat(32);
        let id: RecordId = lower.parse().unwrap();
        assert_eq!(id.to_string(), lower);
        assert!("AB".repeat(32).parse::<RecordId>().is_err());
        assert!("ab".repeat(31).parse::<RecordId>().is_err());
    }

    #[test]
    fn base64_ids_have_one_spelling() {
        let id = NodeId([7u8; 32]);
        let text = id.to_string();
        assert_eq!(text.len(), 43);
        assert_eq!(text.parse::<NodeId>().unwrap(), id);
        assert!(format!("{text}=").parse::<NodeId>().is_err());
        // 43 characters carry 258 bits for 256: a non-zero spare bit would be a second spelling.
        let mut stray = text.clone();
        stray.pop();
        stray.push('H');
        assert!(stray.parse::<NodeId>().is_err());
    }

    #[test]
    fn serde_uses_the_text_form() {
        let id = Sha256([1u8; 32]);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", "01".repeat(32)));
        assert_eq!(serde_json::from_str::<Sha256>(&json).unwrap(), id);
    }
}
