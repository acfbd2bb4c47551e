//! Ed25519 signing and strict verification, and the node's key file. The only module that
//! touches `ed25519-dalek`.
//!
//! Verification is `verify_strict`: it refuses non-canonical point and scalar encodings and
//! small-order keys and `R` values, so a signature has exactly one accepted form.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, spki::der::pem::LineEnding};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::model::ids::{decode_b64_vec, encode_b64};
use crate::model::request::{RequestAuth, RequestLine};
use crate::model::{Header, KeyId, NodeId, Sha256};

/// Why signing material or a signature was refused.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// The signature text is not 64 bytes of unpadded base64url.
    #[error("signature is not 64 bytes of unpadded base64url")]
    MalformedSignature,
    /// A public key that is not 32 bytes.
    #[error("public key is not 32 bytes")]
    MalformedKey,
    /// The key id is not a valid Ed25519 point.
    #[error("key {0} is not a valid ed25519 public key")]
    InvalidKey(KeyId),
    /// The signature does not verify under strict rules.
    #[error("signature does not verify under key {0}")]
    BadSignature(KeyId),
    /// The key file could not be read or parsed.
    #[error("key file {path}: {reason}")]
    KeyFile {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

/// A node's signing key.
pub struct NodeKey {
    signing: SigningKey,
}

impl NodeKey {
    /// A fresh random key.
    pub fn generate() -> NodeKey {
        NodeKey { signing: SigningKey::generate(&mut rand::rngs::OsRng) }
    }

    /// A key from its 32-byte seed (tests and benchmarks use fixed seeds).
    pub fn from_seed(seed: [u8; 32]) -> NodeKey {
        NodeKey { signing: SigningKey::from_bytes(&seed) }
    }

    /// The key's id (its public key).
    pub fn key_id(&self) -> KeyId {
        KeyId(self.signing.verifying_key().to_bytes())
    }

    /// The node id this key founds when it is a node's genesis key.
    pub fn node_id(&self) -> NodeId {
        NodeId(self.signing.verifying_key().to_bytes())
    }

    /// Signs `message`, returning unpadded base64url.
    pub fn sign(&self, message: &[u8]) -> String {
        encode_b64(&self.signing.sign(message).to_bytes())
    }

    /// Signs `message`, returning the 64 raw bytes.
    pub fn sign_raw(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// Signs a header's canonical bytes.
    pub fn sign_header(&self, header: &Header) -> String {
        self.sign(&header.canonical_bytes())
    }

    /// Reads a PKCS#8 PEM key file (what `openssl genpkey -algorithm ed25519` writes).
    pub fn load(path: &Path) -> Result<NodeKey, CryptoError> {
        let text = std::fs::read_to_string(path).map_err(|err| key_file_error(path, err))?;
        let signing = SigningKey::from_pkcs8_pem(&text).map_err(|err| key_file_error(path, err))?;
        Ok(NodeKey { signing })
    }

    /// Writes the key as PKCS#8 PEM to a new file with mode 0600; refuses to overwrite.
    pub fn save_new(&self, path: &Path) -> Result<(), CryptoError> {
        let pem =
            self.signing.to_pkcs8_pem(LineEnding::LF).map_err(|err| key_file_error(path, err))?;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|err| key_file_error(path, err))?;
        file.write_all(pem.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|err| key_file_error(path, err))
    }
}

fn key_file_error(path: &Path, err: impl std::fmt::Display) -> CryptoError {
    CryptoError::KeyFile { path: path.display().to_string(), reason: err.to_string() }
}

/// Decodes a signature's text form.
pub fn parse_signature(sig: &str) -> Result<Signature, CryptoError> {
    let bytes: [u8; 64] = decode_b64_vec(sig)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(CryptoError::MalformedSignature)?;
    Ok(Signature::from_bytes(&bytes))
}

/// Verifies `sig` (unpadded base64url) over `message` under `key` with strict rules.
pub fn verify_strict(key: &KeyId, message: &[u8], sig: &str) -> Result<(), CryptoError> {
    let signature = parse_signature(sig)?;
    verify_strict_raw(key.as_bytes(), message, &signature.to_bytes())
}

/// Verifies raw bytes with strict rules: a 32-byte public key and a 64-byte signature (other
/// lengths are refused). The conformance suites drive this with the corpus' vectors.
pub fn verify_strict_raw(
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let key = KeyId(public_key.try_into().map_err(|_| CryptoError::MalformedKey)?);
    let signature: [u8; 64] = signature.try_into().map_err(|_| CryptoError::MalformedSignature)?;
    let verifying =
        VerifyingKey::from_bytes(key.as_bytes()).map_err(|_| CryptoError::InvalidKey(key))?;
    verifying
        .verify_strict(message, &Signature::from_bytes(&signature))
        .map_err(|_| CryptoError::BadSignature(key))
}

/// Verifies the signature of `key` on checkpoint `note`: the line under the note's own origin
/// name whose key hash is that key's. A note without such a line is refused as unsigned by it.
pub fn verify_checkpoint(
    note: &crate::model::checkpoint::SignedCheckpoint,
    key: &KeyId,
) -> Result<(), CryptoError> {
    let name = &note.checkpoint.origin;
    let hash = crate::model::checkpoint::key_hash(name, key);
    let line = note.signatures.iter().find(|line| line.name == *name && line.key_hash == hash);
    let line = line.ok_or(CryptoError::BadSignature(*key))?;
    verify_strict_raw(key.as_bytes(), note.checkpoint.body().as_bytes(), &line.signature)
}

/// Verifies a header's signature under the header's own `key`.
pub fn verify_header(header: &Header, sig: &str) -> Result<(), CryptoError> {
    verify_strict(&header.key, &header.canonical_bytes(), sig)
}

/// Signs a federation request from `origin` (whose current key this is) to `destination`:
/// `request` is (method, path and query, body), `ts` unix seconds; the nonce is fresh.
pub fn sign_request(
    key: &NodeKey,
    origin: NodeId,
    destination: NodeId,
    request: (&str, &str, &[u8]),
    ts: i64,
) -> RequestAuth {
    let (method, path_and_query, body) = request;
    let nonce = encode_b64(&rand::random::<[u8; 16]>());
    let mut auth =
        RequestAuth { origin, key: key.key_id(), destination, ts, nonce, sig: String::new() };
    let line = RequestLine { method, path_and_query, body: Sha256::of(body) };
    let signed = auth.signed_string(&line);
    auth.sig = key.sign(signed.as_bytes());
    auth
}

/// Verifies a federation request's signature (strictly) under the key it names.
pub fn verify_request(auth: &RequestAuth, line: &RequestLine<'_>) -> Result<(), CryptoError> {
    verify_strict(&auth.key, auth.signed_string(line).as_bytes(), &auth.sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_request_verifies_only_as_signed() {
        let key = NodeKey::from_seed([9; 32]);
        let (origin, destination) = (key.node_id(), NodeId([3; 32]));
        let auth = sign_request(&key, origin, destination, ("POST", "/fed/v1/notify", b"{}"), 7);
        let body = Sha256::of(b"{}");
        let line = |method, path_and_query, body| RequestLine { method, path_and_query, body };
        let signed = line("POST", "/fed/v1/notify", body);
        verify_request(&auth, &signed).unwrap();
        assert!(verify_request(&auth, &line("GET", "/fed/v1/notify", body)).is_err());
        assert!(verify_request(&auth, &line("POST", "/fed/v1/heads", body)).is_err());
        let other_body = line("POST", "/fed/v1/notify", Sha256::of(b"[]"));
        assert!(verify_request(&auth, &other_body).is_err());
        let later = RequestAuth { ts: 8, ..auth.clone() };
        assert!(verify_request(&later, &signed).is_err());
        let elsewhere = RequestAuth { destination: NodeId([4; 32]), ..auth };
        assert!(verify_request(&elsewhere, &signed).is_err());
    }

    #[test]
    fn sign_then_verify_and_tamper() {
        let key = NodeKey::from_seed([9; 32]);
        let sig = key.sign(b"hello");
        verify_strict(&key.key_id(), b"hello", &sig).unwrap();
        assert!(matches!(
            verify_strict(&key.key_id(), b"hellO", &sig),
            Err(CryptoError::BadSignature(_))
        ));
        assert!(matches!(
            verify_strict(&key.key_id(), b"hello", "abc"),
            Err(CryptoError::MalformedSignature)
        ));
    }

    #[test]
    fn key_file_round_trips_with_mode_0600_and_never_overwrites() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("node.key");
        let key = NodeKey::generate();
        key.save_new(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(NodeKey::load(&path).unwrap().key_id(), key.key_id());
        assert!(NodeKey::generate().save_new(&path).is_err());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));
    }
}
