//! Auditor identities: a signing key with its certificate chain, stored under a directory.
//!
//! Layout, one folder per identity (`<dir>/<id>/`):
//!
//! * `identity.json` — id, name, organisation, e-mail, creation time, kind, certificate
//!   fingerprint, and for an RSA key the signature scheme chosen at import (PKCS#1 v1.5 or PSS);
//! * `cert.pem` — the signing certificate; `chain.pem` — its issuers up to the root (may be empty
//!   for an imported identity whose PKCS#12 file held no chain);
//! * `key.pem` — the signing key (ECDSA P-256, or RSA 2048–4096 bits for an imported identity)
//!   as encrypted PKCS#8 (PBES2: scrypt + AES-256-CBC);
//! * `root-key.pem` — the local root CA's key, encrypted the same way (local identities only);
//! * `request.pem` — the PKCS#10 request of an identity waiting for its organisation's CA.
//!
//! Invariants: a private key is never written unencrypted; the id is derived from the signing
//! key's public key (SHA-256 of its SubjectPublicKeyInfo), so it is stable from CSR to
//! certificate; an identity folder appears complete or not at all (it is written under a
//! temporary name and renamed). Passphrases are passed in by the caller, never read here.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use der::{Decode, Encode, EncodePem};
use p256::ecdsa::SigningKey;
use pkcs8::LineEnding;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use spki::EncodePublicKey;
use x509_cert::Certificate;

use super::algorithms::{KeySigner, PrivateKey, RsaScheme};
use super::certificate::{self, Subject};
use super::error::{IdentityProblem, Invalid, Pkcs12Problem, SigningError, SigningResult};

const IDENTITY_JSON: &str = "identity.json";
const CERT_PEM: &str = "cert.pem";
const CHAIN_PEM: &str = "chain.pem";
const KEY_PEM: &str = "key.pem";
const ROOT_KEY_PEM: &str = "root-key.pem";
const REQUEST_PEM: &str = "request.pem";

/// What a new identity is made of.
#[derive(Clone, Debug, Default)]
pub struct NewIdentity {
    /// The auditor's name (certificate CN). Japanese is fine.
    pub name: String,
    /// The auditor's organisation (certificate O).
    pub org: String,
    /// The auditor's e-mail address (ASCII), if any.
    pub email: Option<String>,
}

/// How an identity's certificate came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityKind {
    /// Issued by a local root CA created with the identity (the root's key is kept too).
    LocalRoot,
    /// Imported from an organisation-issued PKCS#12 file.
    Imported,
    /// A key and a CSR waiting for the organisation's CA; it cannot sign yet.
    Requested,
}

/// A stored identity (public parts only; see [`Identity::unlock`] for the key).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    /// Stable id: first 16 hex digits of the SHA-256 of the signing key's public key.
    pub id: String,
    /// The auditor's name.
    pub name: String,
    /// The auditor's organisation.
    pub org: String,
    /// The auditor's e-mail address.
    pub email: Option<String>,
    /// When the identity was created or imported.
    pub created: DateTime<Utc>,
    /// How the certificate came about.
    pub kind: IdentityKind,
    /// SHA-256 fingerprint (hex) of the signing certificate; `None` while [`IdentityKind::Requested`].
    pub cert_fingerprint: Option<String>,
    /// End of the signing certificate's validity.
    pub not_after: Option<DateTime<Utc>>,
    /// How an RSA key signs (chosen at import); `None` for ECDSA P-256 keys. Older identity
    /// files without the field read as `None`, which for an RSA key means PKCS#1 v1.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsa_scheme: Option<RsaScheme>,
    /// The identity's folder (not stored; set when loaded).
    #[serde(skip)]
    pub folder: PathBuf,
}

/// An identity whose signing key is decrypted in memory, ready to sign.
pub struct UnlockedIdentity {
    identity: Identity,
    key: PrivateKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl std::fmt::Debug for UnlockedIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("UnlockedIdentity").field("identity", &self.identity).finish_non_exhaustive()
    }
}

impl UnlockedIdentity {
    /// The stored identity.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The signing key (ECDSA P-256 or RSA).
    pub fn signing_key(&self) -> &PrivateKey {
        &self.key
    }

    /// The key with the signature algorithm this identity signs with (ECDSA with SHA-256;
    /// for RSA the scheme chosen at import, PKCS#1 v1.5 unless `--rsa-pss` was given), ready
    /// for the `cms` and `x509-cert` builders or for signing any message.
    pub fn signer(&self) -> SigningResult<KeySigner> {
        self.key.signer(self.identity.rsa_scheme.unwrap_or_default()).map_err(|e| SigningError::crypto("signing key", e))
    }

    /// The signing certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    /// The issuers of the signing certificate, up to the root (root last).
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }
}

impl Identity {
    /// Create an identity with a new local root CA and a signing certificate issued by it.
    /// Both keys are stored encrypted with `passphrase`.
    pub fn create(dir: &Path, new: &NewIdentity, passphrase: &str) -> SigningResult<Identity> {
        check_new(new, passphrase)?;
        let now = Utc::now();
        let root_key = SigningKey::random(&mut OsRng);
        let root_name = certificate::build_name(&format!("{} root CA (Tenken)", new.name), Some(&new.org), None)?;
        let root = certificate::build_root(&root_key, root_name, now)?;
        let key = SigningKey::random(&mut OsRng);
        let subject = certificate::build_name(&new.name, Some(&new.org), new.email.as_deref())?;
        let cert = certificate::build_leaf(key.verifying_key(), subject, new.email.as_deref(), &root, &root_key, now)?;

        let key = PrivateKey::P256(key);
        let identity = describe(&key, &cert, IdentityKind::LocalRoot, now)?;
        let mut files = vec![
            (CERT_PEM, certificate::cert_to_pem(&cert)?),
            (CHAIN_PEM, certificate::cert_to_pem(&root)?),
            (KEY_PEM, encrypt_key(&key, passphrase)?),
            (ROOT_KEY_PEM, encrypt_key(&PrivateKey::P256(root_key), passphrase)?),
        ];
        files.push((IDENTITY_JSON, to_json(&identity)?));
        write_folder(dir, &identity.id, &files)?;
        Identity::load(dir, &identity.id)
    }

    /// Create a key and a PKCS#10 certificate request for the organisation's CA. Returns the
    /// pending identity and the request as PEM; [`Identity::install_certificate`] completes it.
    pub fn create_request(dir: &Path, new: &NewIdentity, passphrase: &str) -> SigningResult<(Identity, String)> {
        check_new(new, passphrase)?;
        let key = SigningKey::random(&mut OsRng);
        let subject = certificate::build_name(&new.name, Some(&new.org), new.email.as_deref())?;
        let csr = certificate::build_csr(&key, subject)?;
        let csr_pem = csr.to_pem(LineEnding::LF).map_err(|e| SigningError::crypto("encode CSR", e))?;
        let key = PrivateKey::P256(key);
        let identity = Identity {
            id: key_id(&key)?,
            name: new.name.clone(),
            org: new.org.clone(),
            email: new.email.clone(),
            created: Utc::now(),
            kind: IdentityKind::Requested,
            cert_fingerprint: None,
            not_after: None,
            rsa_scheme: None,
            folder: PathBuf::new(),
        };
        let files = vec![(KEY_PEM, encrypt_key(&key, passphrase)?), (REQUEST_PEM, csr_pem.clone()), (IDENTITY_JSON, to_json(&identity)?)];
        write_folder(dir, &identity.id, &files)?;
        Ok((Identity::load(dir, &identity.id)?, csr_pem))
    }

    /// Install the certificate the organisation's CA issued for a [`IdentityKind::Requested`]
    /// identity. `chain_pem` holds the signing certificate first, then its issuers.
    pub fn install_certificate(&self, chain_pem: &str) -> SigningResult<Identity> {
        if self.kind != IdentityKind::Requested {
            return Err(Invalid::HasCertificate { id: self.id.clone() }.into());
        }
        let mut certs = certificate::certs_from_pem(chain_pem)?;
        if certs.is_empty() {
            return Err(Invalid::PemEmpty {}.into());
        }
        let cert = certs.remove(0);
        // A requested identity's key is always P-256 (Tenken made it).
        let cert_key = certificate::p256_key_of(&cert)?;
        if p256_key_id(&cert_key)? != self.id {
            return Err(Invalid::NotForKey { subject: certificate::subject_of(&cert).common_name, id: self.id.clone() }.into());
        }
        let mut updated = describe_cert(self.clone(), &cert)?;
        updated.kind = IdentityKind::Imported;
        write_file(&self.folder.join(CERT_PEM), &certificate::cert_to_pem(&cert)?)?;
        write_file(&self.folder.join(CHAIN_PEM), &chain_to_pem(&certs)?)?;
        write_file(&self.folder.join(IDENTITY_JSON), &to_json(&updated)?)?;
        Ok(updated)
    }

    /// Import an organisation-issued PKCS#12 file (ECDSA P-256 or RSA 2048–4096 bits); an RSA
    /// key signs with PKCS#1 v1.5. See [`Identity::import_p12_with_scheme`].
    pub fn import_p12(dir: &Path, p12: &[u8], p12_password: &str, new_passphrase: &str) -> SigningResult<Identity> {
        Identity::import_p12_with_scheme(dir, p12, p12_password, new_passphrase, RsaScheme::Pkcs1v15)
    }

    /// Import an organisation-issued PKCS#12 file. The key (ECDSA P-256, or RSA of 2048–4096
    /// bits; other sizes and algorithms are refused with the reason) is re-encrypted with
    /// `new_passphrase`; the certificates are stored as PEM. `rsa_scheme` is how an RSA key
    /// will sign (stored with the identity; ignored for P-256).
    pub fn import_p12_with_scheme(
        dir: &Path,
        p12: &[u8],
        p12_password: &str,
        new_passphrase: &str,
        rsa_scheme: RsaScheme,
    ) -> SigningResult<Identity> {
        if new_passphrase.is_empty() {
            return Err(SigningError::EmptyPassphrase);
        }
        tenken_domain::secret::check_new(new_passphrase)?;
        let store = p12_keystore::KeyStore::from_pkcs12(p12, p12_password)
            .map_err(|e| SigningError::Pkcs12(Pkcs12Problem::Open { cause: e.to_string() }))?;
        let (_, entry) = store.private_key_chain().ok_or(SigningError::Pkcs12(Pkcs12Problem::NoPrivateKey {}))?;
        let key = PrivateKey::from_pkcs8_der(entry.key())
            .or_else(|pkcs8_problem| {
                // Some tools store a bare SEC 1 EC key instead of PKCS#8.
                p256::SecretKey::from_sec1_der(entry.key()).map(|k| PrivateKey::P256(SigningKey::from(k))).map_err(|_| pkcs8_problem)
            })
            .map_err(SigningError::Pkcs12Key)?;
        let mut certs = Vec::new();
        for c in entry.chain() {
            certs.push(
                Certificate::from_der(c.as_der()).map_err(|e| SigningError::Pkcs12(Pkcs12Problem::Certificate { cause: e.to_string() }))?,
            );
        }
        if certs.is_empty() {
            return Err(SigningError::Pkcs12(Pkcs12Problem::NoCertificate {}));
        }
        let cert = certs.remove(0);
        if !key.matches(&cert.tbs_certificate.subject_public_key_info) {
            let subject = certificate::subject_of(&cert).common_name;
            return Err(SigningError::Pkcs12(Pkcs12Problem::KeyMismatch { subject, key: key.describe() }));
        }
        let mut identity = describe(&key, &cert, IdentityKind::Imported, Utc::now())?;
        if matches!(key, PrivateKey::Rsa(_)) {
            identity.rsa_scheme = Some(rsa_scheme);
        }
        let files = vec![
            (CERT_PEM, certificate::cert_to_pem(&cert)?),
            (CHAIN_PEM, chain_to_pem(&certs)?),
            (KEY_PEM, encrypt_key(&key, new_passphrase)?),
            (IDENTITY_JSON, to_json(&identity)?),
        ];
        write_folder(dir, &identity.id, &files)?;
        Identity::load(dir, &identity.id)
    }

    /// All identities under `dir`, oldest first. A missing directory means none.
    pub fn list(dir: &Path) -> SigningResult<Vec<Identity>> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(SigningError::io(dir, e)),
        };
        let mut identities = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| SigningError::io(dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.path().join(IDENTITY_JSON).is_file() {
                continue;
            }
            identities.push(read_identity(&entry.path())?);
        }
        identities.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        Ok(identities)
    }

    /// Load one identity by its id or a unique prefix of it.
    pub fn load(dir: &Path, id: &str) -> SigningResult<Identity> {
        let not_found = || SigningError::IdentityNotFound { id: id.to_string(), dir: dir.to_path_buf() };
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let matches: Vec<Identity> = Identity::list(dir)?.into_iter().filter(|i| i.id.starts_with(id)).collect();
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches.into_iter().next().ok_or_else(not_found)?),
            n => Err(Invalid::Ambiguous { id: id.to_string(), count: n as u64 }.into()),
        }
    }

    /// The signing certificate.
    pub fn certificate(&self) -> SigningResult<Certificate> {
        if self.kind == IdentityKind::Requested {
            return Err(Invalid::NoCertificateYet { id: self.id.clone() }.into());
        }
        let pem = read_text(&self.folder.join(CERT_PEM))?;
        certificate::certs_from_pem(&pem)?.into_iter().next().ok_or_else(|| self.damaged(IdentityProblem::NoCertificate {}))
    }

    /// The issuers of the signing certificate, root last (empty if none were provided).
    pub fn chain(&self) -> SigningResult<Vec<Certificate>> {
        let path = self.folder.join(CHAIN_PEM);
        if !path.exists() {
            return Ok(Vec::new());
        }
        certificate::certs_from_pem(&read_text(&path)?)
    }

    /// The root certificate of the chain (the one a recipient trusts once), if the chain has one.
    pub fn root_certificate(&self) -> SigningResult<Option<Certificate>> {
        Ok(self.chain()?.into_iter().last())
    }

    /// The roots of every identity in `dir`: what this computer trusts when it checks a
    /// signature (the auditor's own CAs). Unreadable identities are skipped.
    pub fn roots_in(dir: &Path) -> Vec<Certificate> {
        Identity::list(dir).unwrap_or_default().iter().filter_map(|i| i.root_certificate().ok().flatten()).collect()
    }

    /// The signing certificate followed by its chain, as PEM (what `identity export-cert` writes).
    pub fn export_cert_pem(&self) -> SigningResult<String> {
        let mut pem = certificate::cert_to_pem(&self.certificate()?)?;
        pem.push_str(&chain_to_pem(&self.chain()?)?);
        Ok(pem)
    }

    /// The pending certificate request as PEM (for [`IdentityKind::Requested`] identities).
    pub fn request_pem(&self) -> SigningResult<String> {
        read_text(&self.folder.join(REQUEST_PEM))
    }

    /// Decrypt the signing key with `passphrase`. A wrong passphrase gives
    /// [`SigningError::WrongPassphrase`].
    pub fn unlock(&self, passphrase: &str) -> SigningResult<UnlockedIdentity> {
        let key = self.decrypt_key(KEY_PEM, passphrase)?;
        let cert = self.certificate()?;
        if !key.matches(&cert.tbs_certificate.subject_public_key_info) {
            return Err(self.damaged(IdentityProblem::CertKeyMismatch {}));
        }
        Ok(UnlockedIdentity { identity: self.clone(), key, cert, chain: self.chain()? })
    }

    /// Decrypt one of the identity's key files.
    fn decrypt_key(&self, file: &str, passphrase: &str) -> SigningResult<PrivateKey> {
        let pem = read_text(&self.folder.join(file))?;
        let not_encrypted = || self.damaged(IdentityProblem::KeyNotEncrypted { file: file.to_string() });
        let (label, der) = der::pem::decode_vec(pem.as_bytes()).map_err(|_| not_encrypted())?;
        if label != "ENCRYPTED PRIVATE KEY" {
            return Err(not_encrypted());
        }
        let encrypted = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_slice()).map_err(|_| not_encrypted())?;
        let plain = encrypted.decrypt(passphrase).map_err(|_| SigningError::WrongPassphrase { id: self.id.clone() })?;
        PrivateKey::from_pkcs8_der(plain.as_bytes()).map_err(|problem| SigningError::BadIdentityKey {
            id: self.id.clone(),
            file: file.to_string(),
            problem,
        })
    }

    /// The error for a damaged identity folder.
    fn damaged(&self, problem: IdentityProblem) -> SigningError {
        SigningError::BadIdentity { id: self.id.clone(), problem }
    }
}

/// Refuse an empty name, organisation or passphrase.
fn check_new(new: &NewIdentity, passphrase: &str) -> SigningResult<()> {
    if new.name.trim().is_empty() {
        return Err(Invalid::NoName {}.into());
    }
    if new.org.trim().is_empty() {
        return Err(Invalid::NoOrganisation {}.into());
    }
    if passphrase.is_empty() {
        return Err(SigningError::EmptyPassphrase);
    }
    tenken_domain::secret::check_new(passphrase)?;
    Ok(())
}

/// The identity id of a key: SHA-256 of its public key's SubjectPublicKeyInfo (DER), first
/// 16 hex digits.
fn key_id(key: &PrivateKey) -> SigningResult<String> {
    let der = key
        .public_key_info()
        .and_then(|spki| spki.to_der().map_err(|e| e.to_string()))
        .map_err(|e| SigningError::crypto("encode public key", e))?;
    Ok(hex::encode(Sha256::digest(der))[..16].to_string())
}

/// [`key_id`] of a P-256 public key (a requested identity's certificate).
fn p256_key_id(key: &p256::ecdsa::VerifyingKey) -> SigningResult<String> {
    let der = key.to_public_key_der().map_err(|e| SigningError::crypto("encode public key", e))?;
    Ok(hex::encode(Sha256::digest(der.as_bytes()))[..16].to_string())
}

/// The metadata of an identity with a certificate.
fn describe(key: &PrivateKey, cert: &Certificate, kind: IdentityKind, now: DateTime<Utc>) -> SigningResult<Identity> {
    let base = Identity {
        id: key_id(key)?,
        name: String::new(),
        org: String::new(),
        email: None,
        created: now,
        kind,
        cert_fingerprint: None,
        not_after: None,
        rsa_scheme: None,
        folder: PathBuf::new(),
    };
    describe_cert(base, cert)
}

/// Fill name, organisation, e-mail, fingerprint and expiry from the certificate.
fn describe_cert(mut identity: Identity, cert: &Certificate) -> SigningResult<Identity> {
    let Subject { common_name, organisation, email } = certificate::subject_of(cert);
    identity.name = common_name;
    identity.org = organisation.unwrap_or_default();
    identity.email = email;
    identity.cert_fingerprint = Some(certificate::fingerprint(cert)?);
    identity.not_after = Some(certificate::validity_of(cert).1);
    Ok(identity)
}

/// Encrypted PKCS#8 PEM of a key: PBES2 with scrypt (N = 2^14, r = 8, p = 1: 16 MiB, inside
/// OpenSSL's 32 MiB scrypt limit so `openssl pkey` can read the file too) and AES-256-CBC,
/// with a random salt and IV.
fn encrypt_key(key: &PrivateKey, passphrase: &str) -> SigningResult<String> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut iv);
    let scrypt = pkcs8::pkcs5::scrypt::Params::new(14, 8, 1, 32).map_err(|e| SigningError::crypto("scrypt parameters", e))?;
    let params = pkcs8::pkcs5::pbes2::Parameters::scrypt_aes256cbc(scrypt, &salt, &iv)
        .map_err(|e| SigningError::crypto("encrypt private key", e))?;
    let der = key.to_pkcs8_der().map_err(|e| SigningError::crypto("encode private key", e))?;
    let info = pkcs8::PrivateKeyInfo::try_from(der.as_bytes()).map_err(|e| SigningError::crypto("encode private key", e))?;
    let encrypted = info.encrypt_with_params(params, passphrase).map_err(|e| SigningError::crypto("encrypt private key", e))?;
    let pem = encrypted.to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF).map_err(|e| SigningError::crypto("encode private key", e))?;
    Ok(pem.to_string())
}

/// Several certificates as concatenated PEM.
fn chain_to_pem(certs: &[Certificate]) -> SigningResult<String> {
    let mut pem = String::new();
    for cert in certs {
        pem.push_str(&certificate::cert_to_pem(cert)?);
    }
    Ok(pem)
}

/// Serialise the identity metadata.
fn to_json(identity: &Identity) -> SigningResult<String> {
    serde_json::to_string_pretty(identity).map_err(|e| SigningError::crypto("encode identity.json", e))
}

/// Read an identity folder's metadata.
fn read_identity(folder: &Path) -> SigningResult<Identity> {
    let path = folder.join(IDENTITY_JSON);
    let text = read_text(&path)?;
    let mut identity: Identity = serde_json::from_str(&text).map_err(|e| SigningError::BadIdentity {
        id: folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        problem: IdentityProblem::Metadata { path: path.display().to_string(), cause: e.to_string() },
    })?;
    identity.folder = folder.to_path_buf();
    Ok(identity)
}

/// Read a text file.
fn read_text(path: &Path) -> SigningResult<String> {
    fs::read_to_string(path).map_err(|e| SigningError::io(path, e))
}

/// Write a file, owner-only on Unix from its creation (key files must not be readable by others
/// even encrypted, not even for the moment between creating and narrowing the mode).
fn write_file(path: &Path, contents: &str) -> SigningResult<()> {
    tenken_fsutil::write_private_atomically(path, contents.as_bytes()).map_err(|e| SigningError::io(path, e))
}

/// Write a whole identity folder under a temporary name, then rename it into place.
fn write_folder(dir: &Path, id: &str, files: &[(&str, String)]) -> SigningResult<()> {
    let target = dir.join(id);
    if target.exists() {
        return Err(Invalid::Exists { id: id.to_string(), dir: dir.display().to_string() }.into());
    }
    let staging = dir.join(format!(".new-{id}"));
    tenken_fsutil::create_private_dir(&staging).map_err(|e| SigningError::io(&staging, e))?;
    for (name, contents) in files {
        if let Err(e) = write_file(&staging.join(name), contents) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    fs::rename(&staging, &target).map_err(|e| SigningError::io(&target, e))
}
