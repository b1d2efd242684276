//! Auditor identities: a signing key with its certificate chain, stored under a directory.
//!
//! Layout, one folder per identity (`<dir>/<id>/`):
//!
//! * `identity.json` — id, name, organisation, e-mail, creation time, kind, certificate fingerprint;
//! * `cert.pem` — the signing certificate; `chain.pem` — its issuers up to the root (may be empty
//!   for an imported identity whose PKCS#12 file held no chain);
//! * `key.pem` — the signing key as encrypted PKCS#8 (PBES2: scrypt + AES-256-CBC);
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
use der::{Decode, EncodePem};
use p256::ecdsa::{SigningKey, VerifyingKey};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use spki::EncodePublicKey;
use x509_cert::Certificate;

use super::certificate::{self, Subject};
use super::error::{SigningError, SigningResult};

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
    /// The identity's folder (not stored; set when loaded).
    #[serde(skip)]
    pub folder: PathBuf,
}

/// An identity whose signing key is decrypted in memory, ready to sign.
pub struct UnlockedIdentity {
    identity: Identity,
    key: SigningKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl std::fmt::Debug for UnlockedIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("UnlockedIdentity")
            .field("identity", &self.identity)
            .finish_non_exhaustive()
    }
}

impl UnlockedIdentity {
    /// The stored identity.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The ECDSA P-256 signing key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
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
        let root_name = certificate::build_name(
            &format!("{} root CA (Tenken)", new.name),
            Some(&new.org),
            None,
        )?;
        let root = certificate::build_root(&root_key, root_name, now)?;
        let key = SigningKey::random(&mut OsRng);
        let subject = certificate::build_name(&new.name, Some(&new.org), new.email.as_deref())?;
        let cert = certificate::build_leaf(
            key.verifying_key(),
            subject,
            new.email.as_deref(),
            &root,
            &root_key,
            now,
        )?;

        let identity = describe(&key, &cert, IdentityKind::LocalRoot, now)?;
        let mut files = vec![
            (CERT_PEM, certificate::cert_to_pem(&cert)?),
            (CHAIN_PEM, certificate::cert_to_pem(&root)?),
            (KEY_PEM, encrypt_key(&key, passphrase)?),
            (ROOT_KEY_PEM, encrypt_key(&root_key, passphrase)?),
        ];
        files.push((IDENTITY_JSON, to_json(&identity)?));
        write_folder(dir, &identity.id, &files)?;
        Identity::load(dir, &identity.id)
    }

    /// Create a key and a PKCS#10 certificate request for the organisation's CA. Returns the
    /// pending identity and the request as PEM; [`Identity::install_certificate`] completes it.
    pub fn create_request(
        dir: &Path,
        new: &NewIdentity,
        passphrase: &str,
    ) -> SigningResult<(Identity, String)> {
        check_new(new, passphrase)?;
        let key = SigningKey::random(&mut OsRng);
        let subject = certificate::build_name(&new.name, Some(&new.org), new.email.as_deref())?;
        let csr = certificate::build_csr(&key, subject)?;
        let csr_pem = csr
            .to_pem(LineEnding::LF)
            .map_err(|e| SigningError::crypto("encode CSR", e))?;
        let identity = Identity {
            id: key_id(key.verifying_key())?,
            name: new.name.clone(),
            org: new.org.clone(),
            email: new.email.clone(),
            created: Utc::now(),
            kind: IdentityKind::Requested,
            cert_fingerprint: None,
            not_after: None,
            folder: PathBuf::new(),
        };
        let files = vec![
            (KEY_PEM, encrypt_key(&key, passphrase)?),
            (REQUEST_PEM, csr_pem.clone()),
            (IDENTITY_JSON, to_json(&identity)?),
        ];
        write_folder(dir, &identity.id, &files)?;
        Ok((Identity::load(dir, &identity.id)?, csr_pem))
    }

    /// Install the certificate the organisation's CA issued for a [`IdentityKind::Requested`]
    /// identity. `chain_pem` holds the signing certificate first, then its issuers.
    pub fn install_certificate(&self, chain_pem: &str) -> SigningResult<Identity> {
        if self.kind != IdentityKind::Requested {
            return Err(SigningError::Invalid(format!(
                "identity {} already has a certificate",
                self.id
            )));
        }
        let mut certs = certificate::certs_from_pem(chain_pem)?;
        if certs.is_empty() {
            return Err(SigningError::Invalid(
                "the PEM text holds no certificate".into(),
            ));
        }
        let cert = certs.remove(0);
        let cert_key = certificate::p256_key_of(&cert)?;
        if key_id(&cert_key)? != self.id {
            return Err(SigningError::Invalid(format!(
                "the certificate for {:?} was not issued for identity {}'s key",
                certificate::subject_of(&cert).common_name,
                self.id
            )));
        }
        let mut updated = describe_cert(self.clone(), &cert)?;
        updated.kind = IdentityKind::Imported;
        write_file(
            &self.folder.join(CERT_PEM),
            &certificate::cert_to_pem(&cert)?,
        )?;
        write_file(&self.folder.join(CHAIN_PEM), &chain_to_pem(&certs)?)?;
        write_file(&self.folder.join(IDENTITY_JSON), &to_json(&updated)?)?;
        Ok(updated)
    }

    /// Import an organisation-issued PKCS#12 file (P-256 key). The key is re-encrypted with
    /// `new_passphrase`; the certificates are stored as PEM.
    pub fn import_p12(
        dir: &Path,
        p12: &[u8],
        p12_password: &str,
        new_passphrase: &str,
    ) -> SigningResult<Identity> {
        if new_passphrase.is_empty() {
            return Err(SigningError::EmptyPassphrase);
        }
        crate::secret::check_new(new_passphrase)?;
        let store = p12_keystore::KeyStore::from_pkcs12(p12, p12_password).map_err(|e| {
            SigningError::Pkcs12(format!(
                "cannot open the file (wrong password or not PKCS#12): {e}"
            ))
        })?;
        let (_, entry) = store.private_key_chain().ok_or_else(|| {
            SigningError::Pkcs12("the file holds no private key with its certificate".into())
        })?;
        let key = SigningKey::from_pkcs8_der(entry.key())
            .or_else(|_| p256::SecretKey::from_sec1_der(entry.key()).map(SigningKey::from))
            .map_err(|_| {
                SigningError::Pkcs12(
                    "the private key is not an ECDSA P-256 key; only P-256 is supported".into(),
                )
            })?;
        let mut certs = Vec::new();
        for c in entry.chain() {
            certs.push(
                Certificate::from_der(c.as_der())
                    .map_err(|e| SigningError::Pkcs12(format!("certificate: {e}")))?,
            );
        }
        if certs.is_empty() {
            return Err(SigningError::Pkcs12(
                "the file holds no certificate for its key".into(),
            ));
        }
        let cert = certs.remove(0);
        if certificate::p256_key_of(&cert)? != *key.verifying_key() {
            return Err(SigningError::Pkcs12(
                "the first certificate does not belong to the private key".into(),
            ));
        }
        let identity = describe(&key, &cert, IdentityKind::Imported, Utc::now())?;
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
        let not_found = || SigningError::IdentityNotFound {
            id: id.to_string(),
            dir: dir.to_path_buf(),
        };
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let matches: Vec<Identity> = Identity::list(dir)?
            .into_iter()
            .filter(|i| i.id.starts_with(id))
            .collect();
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches.into_iter().next().ok_or_else(not_found)?),
            n => Err(SigningError::Invalid(format!(
                "identity id {id:?} is ambiguous: {n} identities start with it"
            ))),
        }
    }

    /// The signing certificate.
    pub fn certificate(&self) -> SigningResult<Certificate> {
        if self.kind == IdentityKind::Requested {
            return Err(SigningError::Invalid(format!(
                "identity {} has no certificate yet: its request waits for the organisation's CA",
                self.id
            )));
        }
        let pem = read_text(&self.folder.join(CERT_PEM))?;
        certificate::certs_from_pem(&pem)?
            .into_iter()
            .next()
            .ok_or_else(|| self.damaged("cert.pem holds no certificate"))
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
        Identity::list(dir)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| i.root_certificate().ok().flatten())
            .collect()
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
        if certificate::p256_key_of(&cert)? != *key.verifying_key() {
            return Err(self.damaged("cert.pem does not belong to key.pem"));
        }
        Ok(UnlockedIdentity {
            identity: self.clone(),
            key,
            cert,
            chain: self.chain()?,
        })
    }

    /// Decrypt one of the identity's key files.
    fn decrypt_key(&self, file: &str, passphrase: &str) -> SigningResult<SigningKey> {
        let pem = read_text(&self.folder.join(file))?;
        if !pem.contains("BEGIN ENCRYPTED PRIVATE KEY") {
            return Err(self.damaged(&format!("{file} is not an encrypted PKCS#8 key")));
        }
        SigningKey::from_pkcs8_encrypted_pem(&pem, passphrase).map_err(|_| {
            SigningError::WrongPassphrase {
                id: self.id.clone(),
            }
        })
    }

    /// The error for a damaged identity folder.
    fn damaged(&self, message: &str) -> SigningError {
        SigningError::BadIdentity {
            id: self.id.clone(),
            message: message.to_string(),
        }
    }
}

/// Refuse an empty name, organisation or passphrase.
fn check_new(new: &NewIdentity, passphrase: &str) -> SigningResult<()> {
    if new.name.trim().is_empty() {
        return Err(SigningError::Invalid("the identity needs a name".into()));
    }
    if new.org.trim().is_empty() {
        return Err(SigningError::Invalid(
            "the identity needs an organisation".into(),
        ));
    }
    if passphrase.is_empty() {
        return Err(SigningError::EmptyPassphrase);
    }
    crate::secret::check_new(passphrase)?;
    Ok(())
}

/// The identity id of a public key: SHA-256 of its SubjectPublicKeyInfo, first 16 hex digits.
fn key_id(key: &VerifyingKey) -> SigningResult<String> {
    let der = key
        .to_public_key_der()
        .map_err(|e| SigningError::crypto("encode public key", e))?;
    Ok(hex::encode(Sha256::digest(der.as_bytes()))[..16].to_string())
}

/// The metadata of an identity with a certificate.
fn describe(
    key: &SigningKey,
    cert: &Certificate,
    kind: IdentityKind,
    now: DateTime<Utc>,
) -> SigningResult<Identity> {
    let base = Identity {
        id: key_id(key.verifying_key())?,
        name: String::new(),
        org: String::new(),
        email: None,
        created: now,
        kind,
        cert_fingerprint: None,
        not_after: None,
        folder: PathBuf::new(),
    };
    describe_cert(base, cert)
}

/// Fill name, organisation, e-mail, fingerprint and expiry from the certificate.
fn describe_cert(mut identity: Identity, cert: &Certificate) -> SigningResult<Identity> {
    let Subject {
        common_name,
        organisation,
        email,
    } = certificate::subject_of(cert);
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
fn encrypt_key(key: &SigningKey, passphrase: &str) -> SigningResult<String> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut iv);
    let scrypt = pkcs8::pkcs5::scrypt::Params::new(14, 8, 1, 32)
        .map_err(|e| SigningError::crypto("scrypt parameters", e))?;
    let params = pkcs8::pkcs5::pbes2::Parameters::scrypt_aes256cbc(scrypt, &salt, &iv)
        .map_err(|e| SigningError::crypto("encrypt private key", e))?;
    let der = key
        .to_pkcs8_der()
        .map_err(|e| SigningError::crypto("encode private key", e))?;
    let info = pkcs8::PrivateKeyInfo::try_from(der.as_bytes())
        .map_err(|e| SigningError::crypto("encode private key", e))?;
    let encrypted = info
        .encrypt_with_params(params, passphrase)
        .map_err(|e| SigningError::crypto("encrypt private key", e))?;
    let pem = encrypted
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .map_err(|e| SigningError::crypto("encode private key", e))?;
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
    serde_json::to_string_pretty(identity)
        .map_err(|e| SigningError::crypto("encode identity.json", e))
}

/// Read an identity folder's metadata.
fn read_identity(folder: &Path) -> SigningResult<Identity> {
    let path = folder.join(IDENTITY_JSON);
    let text = read_text(&path)?;
    let mut identity: Identity =
        serde_json::from_str(&text).map_err(|e| SigningError::BadIdentity {
            id: folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            message: format!("{}: {e}", path.display()),
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
    crate::fsutil::write_private_atomically(path, contents.as_bytes())
        .map_err(|e| SigningError::io(path, e))
}

/// Write a whole identity folder under a temporary name, then rename it into place.
fn write_folder(dir: &Path, id: &str, files: &[(&str, String)]) -> SigningResult<()> {
    let target = dir.join(id);
    if target.exists() {
        return Err(SigningError::Invalid(format!(
            "identity {id} already exists in {}",
            dir.display()
        )));
    }
    let staging = dir.join(format!(".new-{id}"));
    crate::fsutil::create_private_dir(&staging).map_err(|e| SigningError::io(&staging, e))?;
    for (name, contents) in files {
        if let Err(e) = write_file(&staging.join(name), contents) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    fs::rename(&staging, &target).map_err(|e| SigningError::io(&target, e))
}
