//! Signature algorithms: which key signs how, and how a signature is checked, in one place.
//!
//! Signing keys are ECDSA P-256 (what Tenken makes itself) or RSA 2048–4096 bits (what an
//! organisation's CA usually issues, imported from a PKCS#12 file). An RSA key signs with
//! PKCS#1 v1.5 (`sha256WithRSAEncryption`, the default: every verifier accepts it) or with
//! RSASSA-PSS (SHA-256, MGF1 with SHA-256, 32-byte salt, trailer 1; parameters encoded as
//! RFC 4055 prescribes), chosen per identity at import.
//!
//! Verification takes a SubjectPublicKeyInfo, an AlgorithmIdentifier, the signed bytes and the
//! signature, and answers `Ok(true)` (verifies), `Ok(false)` (does not) or `Err` (an algorithm
//! or key this module does not check, said in words). Accepted: ECDSA with SHA-256/384/512 on
//! P-256 keys; RSA PKCS#1 v1.5 with SHA-256/384/512 (parameters NULL or absent), including the
//! bare `rsaEncryption` OID that OpenSSL writes in a CMS SignerInfo (the digest then comes from
//! the SignerInfo's digestAlgorithm); RSASSA-PSS with SHA-256/384/512, MGF1 over the same
//! digest, any salt length the parameters state, trailer field 1.
//!
//! Deliberately not here: SHA-1 and MD5 (broken for signatures), RSA keys over 8192 bits or
//! below 1024 (bounded work on a hostile certificate; Tenken itself signs only with 2048–4096),
//! other curves. RSA *decryption* is never done, so the "Marvin" timing advisory
//! (RUSTSEC-2023-0071, about PKCS#1 v1.5 decryption in `rsa`) does not apply to this use.
//! All cryptography comes from RustCrypto's `p256` 0.13 and `rsa` 0.9.

use crate::error::KeyProblem;
use der::asn1::BitString;
use der::oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_MGF_1, ID_RSASSA_PSS, ID_SHA_256, ID_SHA_384,
    ID_SHA_512, RSA_ENCRYPTION, SECP_256_R_1, SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use der::oid::ObjectIdentifier;
use der::{Decode, Encode, Tagged};
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::OsRng;
use rsa::pkcs1;
use rsa::signature::hazmat::PrehashVerifier;
use rsa::signature::{Keypair, RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{
    AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, EncodePublicKey, SignatureBitStringEncoding, SubjectPublicKeyInfoOwned,
};

/// The smallest RSA key Tenken signs with (bits); smaller keys are refused at import.
pub const RSA_MIN_BITS: usize = 2048;
/// The largest RSA key Tenken signs with (bits).
pub const RSA_MAX_BITS: usize = 4096;
/// The largest RSA key whose signatures are checked (bits): a root CA may have 8192 bits;
/// anything larger is refused so a hostile certificate cannot cost unbounded time.
const RSA_VERIFY_MAX_BITS: usize = 8192;
/// The smallest RSA key whose signatures are checked (bits).
const RSA_VERIFY_MIN_BITS: usize = 1024;
/// PSS salt length Tenken signs with: the SHA-256 output length, as RFC 4055 recommends.
pub const PSS_SALT_LEN: usize = 32;

/// How an RSA identity signs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RsaScheme {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`sha256WithRSAEncryption`): the default, accepted by
    /// every PDF viewer and CMS verifier.
    #[default]
    Pkcs1v15,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 4055 parameters).
    Pss,
}

/// A decrypted private key of any supported kind.
#[derive(Clone)]
pub enum PrivateKey {
    /// An ECDSA P-256 key.
    P256(p256::ecdsa::SigningKey),
    /// An RSA key of 2048–4096 bits.
    Rsa(RsaPrivateKey),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.write_str(&self.describe())
    }
}

impl PrivateKey {
    /// Read an unencrypted PKCS#8 PrivateKeyInfo (DER) holding a P-256 or RSA key. RSA keys
    /// outside 2048–4096 bits are refused before any arithmetic is done on them.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, KeyProblem> {
        let cause = |e: &dyn std::fmt::Display| e.to_string();
        let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|e| KeyProblem::NotPkcs8 { cause: cause(&e) })?;
        match info.algorithm.oid {
            ID_EC_PUBLIC_KEY => p256::ecdsa::SigningKey::from_pkcs8_der(der).map(PrivateKey::P256).map_err(|_| KeyProblem::EcNotP256 {}),
            RSA_ENCRYPTION => {
                let pkcs1 = pkcs1::RsaPrivateKey::from_der(info.private_key).map_err(|e| KeyProblem::RsaUnreadable { cause: cause(&e) })?;
                check_rsa_bits(pkcs1.modulus.as_bytes())?;
                RsaPrivateKey::from_pkcs8_der(der).map(PrivateKey::Rsa).map_err(|e| KeyProblem::RsaInvalid { cause: cause(&e) })
            }
            other => Err(KeyProblem::Algorithm { oid: other.to_string() }),
        }
    }

    /// The key as unencrypted PKCS#8 DER (only ever handed to the encryption step).
    pub fn to_pkcs8_der(&self) -> Result<pkcs8::SecretDocument, String> {
        match self {
            PrivateKey::P256(k) => k.to_pkcs8_der(),
            PrivateKey::Rsa(k) => k.to_pkcs8_der(),
        }
        .map_err(|e| format!("cannot encode the private key: {e}"))
    }

    /// The public key as a SubjectPublicKeyInfo.
    pub fn public_key_info(&self) -> Result<SubjectPublicKeyInfoOwned, String> {
        let der = match self {
            PrivateKey::P256(k) => k.verifying_key().to_public_key_der(),
            PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der(),
        }
        .map_err(|e| format!("cannot encode the public key: {e}"))?;
        SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(|e| format!("cannot encode the public key: {e}"))
    }

    /// Whether `spki` (e.g. from a certificate) is this key's public key.
    pub fn matches(&self, spki: &SubjectPublicKeyInfoOwned) -> bool {
        match self {
            PrivateKey::P256(k) => spki
                .to_der()
                .ok()
                .and_then(|d| <p256::ecdsa::VerifyingKey as spki::DecodePublicKey>::from_public_key_der(&d).ok())
                .is_some_and(|pk| pk == *k.verifying_key()),
            PrivateKey::Rsa(k) => rsa_public_key(spki).is_ok_and(|pk| pk == k.to_public_key()),
        }
    }

    /// A short description for messages, e.g. "RSA 3072 bits" or "ECDSA P-256".
    pub fn describe(&self) -> String {
        match self {
            PrivateKey::P256(_) => "ECDSA P-256".to_string(),
            PrivateKey::Rsa(k) => format!("RSA {} bits", k.n().bits()),
        }
    }

    /// The secret part of the key (P-256 scalar, RSA private exponent), big-endian: for tests
    /// that check it is never stored in clear. Never write it anywhere.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            PrivateKey::P256(k) => k.to_bytes().to_vec(),
            PrivateKey::Rsa(k) => k.d().to_bytes_be(),
        }
    }

    /// The CMS/X.509 signer for this key; `rsa_scheme` is ignored for P-256 keys.
    pub fn signer(&self, rsa_scheme: RsaScheme) -> Result<KeySigner, String> {
        let key = match (self, rsa_scheme) {
            (PrivateKey::P256(k), _) => SignerKind::P256(k.clone()),
            (PrivateKey::Rsa(k), RsaScheme::Pkcs1v15) => SignerKind::RsaPkcs1v15(rsa::pkcs1v15::SigningKey::new(k.clone())),
            (PrivateKey::Rsa(k), RsaScheme::Pss) => SignerKind::RsaPss(rsa::pss::SigningKey::new_with_salt_len(k.clone(), PSS_SALT_LEN)),
        };
        Ok(KeySigner { key, public: self.public_key_info()? })
    }
}

/// Refuse an RSA modulus (big-endian bytes, maybe with a leading zero) outside 2048–4096 bits.
fn check_rsa_bits(modulus: &[u8]) -> Result<(), KeyProblem> {
    let bits = BigUint::from_bytes_be(modulus).bits();
    if bits < RSA_MIN_BITS {
        return Err(KeyProblem::RsaTooSmall { bits: bits as u64, min: RSA_MIN_BITS as u64 });
    }
    if bits > RSA_MAX_BITS {
        return Err(KeyProblem::RsaTooLarge { bits: bits as u64, max: RSA_MAX_BITS as u64 });
    }
    Ok(())
}

/// A key ready to sign, with the algorithm it signs with and its public key. It implements the
/// `signature` and `spki` traits the `cms` builder takes, so one builder serves every key.
pub struct KeySigner {
    key: SignerKind,
    public: SubjectPublicKeyInfoOwned,
}

impl KeySigner {
    /// Sign `message`: the signature value and the AlgorithmIdentifier that names how it was
    /// made (for anything else that wants the identity's signature, e.g. an audit-trail anchor).
    pub fn sign(&self, message: &[u8]) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), String> {
        let algorithm = self.signature_algorithm_identifier().map_err(|e| format!("signature algorithm: {e}"))?;
        let signature = self.try_sign(message).map_err(|e| format!("cannot sign: {e}"))?;
        Ok((algorithm, signature.0))
    }
}

/// The key and scheme inside a [`KeySigner`].
enum SignerKind {
    /// ECDSA P-256 with SHA-256, DER-encoded signature.
    P256(p256::ecdsa::SigningKey),
    /// RSA PKCS#1 v1.5 with SHA-256.
    RsaPkcs1v15(rsa::pkcs1v15::SigningKey<Sha256>),
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt.
    RsaPss(rsa::pss::SigningKey<Sha256>),
}

/// A signature value as bytes (DER for ECDSA, the raw integer for RSA).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawSignature(Vec<u8>);

impl RawSignature {
    /// The signature bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl TryFrom<&[u8]> for RawSignature {
    type Error = rsa::signature::Error;
    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        Ok(RawSignature(bytes.to_vec()))
    }
}

impl From<RawSignature> for Box<[u8]> {
    fn from(sig: RawSignature) -> Box<[u8]> {
        sig.0.into_boxed_slice()
    }
}

impl SignatureEncoding for RawSignature {
    type Repr = Box<[u8]>;
}

impl SignatureBitStringEncoding for RawSignature {
    fn to_bitstring(&self) -> der::Result<BitString> {
        BitString::from_bytes(&self.0)
    }
}

impl Keypair for KeySigner {
    type VerifyingKey = SubjectPublicKeyInfoOwned;
    fn verifying_key(&self) -> SubjectPublicKeyInfoOwned {
        self.public.clone()
    }
}

impl DynSignatureAlgorithmIdentifier for KeySigner {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        match &self.key {
            // RFC 5758 §3.2: ecdsa-with-SHA256 has absent parameters.
            SignerKind::P256(_) => Ok(AlgorithmIdentifierOwned { oid: ECDSA_WITH_SHA_256, parameters: None }),
            SignerKind::RsaPkcs1v15(k) => k.signature_algorithm_identifier(),
            SignerKind::RsaPss(k) => k.signature_algorithm_identifier(),
        }
    }
}

impl Signer<RawSignature> for KeySigner {
    fn try_sign(&self, msg: &[u8]) -> rsa::signature::Result<RawSignature> {
        let bytes = match &self.key {
            SignerKind::P256(k) => {
                let sig: p256::ecdsa::DerSignature = k.try_sign(msg)?;
                sig.to_vec()
            }
            SignerKind::RsaPkcs1v15(k) => k.try_sign(msg)?.to_vec(),
            // PSS needs a random salt: from the operating system's generator.
            SignerKind::RsaPss(k) => k.try_sign_with_rng(&mut OsRng, msg)?.to_vec(),
        };
        Ok(RawSignature(bytes))
    }
}

/// A digest a signature algorithm names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DigestKind {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestKind {
    /// The digest an OID names (SHA-256/384/512 only).
    fn from_oid(oid: ObjectIdentifier) -> Option<DigestKind> {
        match oid {
            ID_SHA_256 => Some(DigestKind::Sha256),
            ID_SHA_384 => Some(DigestKind::Sha384),
            ID_SHA_512 => Some(DigestKind::Sha512),
            _ => None,
        }
    }
}

/// A signature algorithm this module checks, read from an AlgorithmIdentifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Ecdsa(DigestKind),
    RsaPkcs1v15(DigestKind),
    RsaPss { hash: DigestKind, salt_len: usize },
}

/// Read the signature algorithm; `digest_hint` is the CMS SignerInfo's digestAlgorithm, used
/// only for the bare `rsaEncryption` OID (which names no digest itself).
fn scheme_of(algorithm: &AlgorithmIdentifierOwned, digest_hint: Option<ObjectIdentifier>) -> Result<Scheme, String> {
    let params_absent = algorithm.parameters.is_none();
    let params_null_or_absent = algorithm.parameters.as_ref().is_none_or(|p| p.tag() == der::Tag::Null && p.value().is_empty());
    let scheme = match algorithm.oid {
        ECDSA_WITH_SHA_256 if params_absent => Scheme::Ecdsa(DigestKind::Sha256),
        ECDSA_WITH_SHA_384 if params_absent => Scheme::Ecdsa(DigestKind::Sha384),
        ECDSA_WITH_SHA_512 if params_absent => Scheme::Ecdsa(DigestKind::Sha512),
        SHA_256_WITH_RSA_ENCRYPTION if params_null_or_absent => Scheme::RsaPkcs1v15(DigestKind::Sha256),
        SHA_384_WITH_RSA_ENCRYPTION if params_null_or_absent => Scheme::RsaPkcs1v15(DigestKind::Sha384),
        SHA_512_WITH_RSA_ENCRYPTION if params_null_or_absent => Scheme::RsaPkcs1v15(DigestKind::Sha512),
        RSA_ENCRYPTION if params_null_or_absent => {
            let hash = digest_hint
                .and_then(DigestKind::from_oid)
                .ok_or_else(|| "rsaEncryption without a SHA-256/384/512 digest algorithm is not checked".to_string())?;
            Scheme::RsaPkcs1v15(hash)
        }
        ID_RSASSA_PSS => pss_scheme(algorithm)?,
        ECDSA_WITH_SHA_256
        | ECDSA_WITH_SHA_384
        | ECDSA_WITH_SHA_512
        | SHA_256_WITH_RSA_ENCRYPTION
        | SHA_384_WITH_RSA_ENCRYPTION
        | SHA_512_WITH_RSA_ENCRYPTION
        | RSA_ENCRYPTION => return Err(format!("signature algorithm {} carries parameters it must not have", algorithm.oid)),
        other => return Err(format!("signature algorithm {other} is not checked by Tenken (ECDSA or RSA with SHA-256/384/512 are)")),
    };
    Ok(scheme)
}

/// The RSASSA-PSS parameters (RFC 4055 §3.1): SHA-2 digest, MGF1 over the same digest,
/// trailer field 1. The DEFAULT values (SHA-1) are refused, as SHA-1 is.
fn pss_scheme(algorithm: &AlgorithmIdentifierOwned) -> Result<Scheme, String> {
    let params = algorithm
        .parameters
        .as_ref()
        .ok_or("RSASSA-PSS without parameters (that means SHA-1) is not checked")?
        .to_der()
        .map_err(|e| format!("the RSASSA-PSS parameters cannot be read: {e}"))?;
    let params = pkcs1::RsaPssParams::from_der(&params).map_err(|e| format!("the RSASSA-PSS parameters cannot be read: {e}"))?;
    let hash = DigestKind::from_oid(params.hash.oid)
        .ok_or_else(|| format!("RSASSA-PSS with digest {} is not checked (SHA-256/384/512 are)", params.hash.oid))?;
    let mgf_hash = params.mask_gen.parameters.as_ref().map(|p| p.oid);
    if params.mask_gen.oid != ID_MGF_1 || mgf_hash != Some(params.hash.oid) {
        return Err("RSASSA-PSS whose mask generation is not MGF1 over the same digest is not checked".into());
    }
    if params.trailer_field != pkcs1::TrailerField::BC {
        return Err("RSASSA-PSS with a trailer field other than 1 is not valid".into());
    }
    Ok(Scheme::RsaPss { hash, salt_len: usize::from(params.salt_len) })
}

/// The RSA public key of a SubjectPublicKeyInfo (rsaEncryption or id-RSASSA-PSS), refused
/// outside 1024–8192 bits.
fn rsa_public_key(spki: &SubjectPublicKeyInfoOwned) -> Result<RsaPublicKey, String> {
    if spki.algorithm.oid != RSA_ENCRYPTION && spki.algorithm.oid != ID_RSASSA_PSS {
        return Err(format!("the key is not an RSA key (algorithm {})", spki.algorithm.oid));
    }
    let bytes = spki.subject_public_key.as_bytes().ok_or("the RSA public key is not a whole number of bytes")?;
    let key = pkcs1::RsaPublicKey::from_der(bytes).map_err(|e| format!("the RSA public key cannot be read: {e}"))?;
    let n = BigUint::from_bytes_be(key.modulus.as_bytes());
    let bits = n.bits();
    if !(RSA_VERIFY_MIN_BITS..=RSA_VERIFY_MAX_BITS).contains(&bits) {
        return Err(format!("an RSA key of {bits} bits is not checked ({RSA_VERIFY_MIN_BITS}–{RSA_VERIFY_MAX_BITS} bits are)"));
    }
    let e = BigUint::from_bytes_be(key.public_exponent.as_bytes());
    RsaPublicKey::new_with_max_size(n, e, RSA_VERIFY_MAX_BITS).map_err(|e| format!("the RSA public key is not valid: {e}"))
}

/// The P-256 public key of a SubjectPublicKeyInfo.
fn p256_public_key(spki: &SubjectPublicKeyInfoOwned) -> Result<p256::ecdsa::VerifyingKey, String> {
    let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY || curve != Some(SECP_256_R_1) {
        return Err(format!("the key is not an ECDSA P-256 key (algorithm {})", spki.algorithm.oid));
    }
    let der = spki.to_der().map_err(|e| format!("the public key cannot be read: {e}"))?;
    <p256::ecdsa::VerifyingKey as spki::DecodePublicKey>::from_public_key_der(&der)
        .map_err(|_| "the ECDSA P-256 public key is not a valid point".to_string())
}

/// Whether `signature` over `message` verifies with the key `spki` under `algorithm`.
/// `Ok(false)` when it does not verify; `Err` (in words) when the algorithm, its parameters or
/// the key are not something this module checks or do not fit together.
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    verify_with(spki, scheme_of(algorithm, None)?, message, signature)
}

/// [`verify_signature`] for a CMS SignerInfo, whose `digest_algorithm` gives the digest when
/// the signature algorithm is the bare `rsaEncryption` (RFC 3370 §3.2, what OpenSSL writes).
pub fn verify_signer_info_signature(
    spki: &SubjectPublicKeyInfoOwned,
    signature_algorithm: &AlgorithmIdentifierOwned,
    digest_algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    let scheme = scheme_of(signature_algorithm, Some(digest_algorithm.oid))?;
    let digest = DigestKind::from_oid(digest_algorithm.oid);
    let named = match scheme {
        Scheme::Ecdsa(h) | Scheme::RsaPkcs1v15(h) | Scheme::RsaPss { hash: h, .. } => h,
    };
    if digest != Some(named) {
        return Err(format!("the signature algorithm's digest does not match the digest algorithm {}", digest_algorithm.oid));
    }
    verify_with(spki, scheme, message, signature)
}

/// Whether a SignerInfo's signature and digest algorithms are ones [`verify_signer_info_signature`]
/// checks; `Err` says why not.
pub fn check_signer_info_algorithms(
    signature_algorithm: &AlgorithmIdentifierOwned,
    digest_algorithm: &AlgorithmIdentifierOwned,
) -> Result<(), String> {
    let scheme = scheme_of(signature_algorithm, Some(digest_algorithm.oid))?;
    let named = match scheme {
        Scheme::Ecdsa(h) | Scheme::RsaPkcs1v15(h) | Scheme::RsaPss { hash: h, .. } => h,
    };
    if DigestKind::from_oid(digest_algorithm.oid) != Some(named) {
        return Err(format!("signature algorithm {} does not match digest algorithm {}", signature_algorithm.oid, digest_algorithm.oid));
    }
    Ok(())
}

/// Verify under a known scheme.
fn verify_with(spki: &SubjectPublicKeyInfoOwned, scheme: Scheme, message: &[u8], signature: &[u8]) -> Result<bool, String> {
    match scheme {
        Scheme::Ecdsa(hash) => {
            let key = p256_public_key(spki)?;
            let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
                return Ok(false);
            };
            // ECDSA signs the digest, truncated to the curve's size (SEC 1 §4.1.4).
            let digest = match hash {
                DigestKind::Sha256 => Sha256::digest(message).to_vec(),
                DigestKind::Sha384 => Sha384::digest(message).to_vec(),
                DigestKind::Sha512 => Sha512::digest(message).to_vec(),
            };
            Ok(key.verify_prehash(&digest, &sig).is_ok())
        }
        Scheme::RsaPkcs1v15(hash) => {
            let key = rsa_public_key(spki)?;
            if spki.algorithm.oid != RSA_ENCRYPTION {
                return Err("an RSASSA-PSS-only key cannot make PKCS#1 v1.5 signatures".into());
            }
            let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
                return Ok(false);
            };
            Ok(match hash {
                DigestKind::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(message, &sig),
                DigestKind::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key).verify(message, &sig),
                DigestKind::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key).verify(message, &sig),
            }
            .is_ok())
        }
        Scheme::RsaPss { hash, salt_len } => {
            let key = rsa_public_key(spki)?;
            let Ok(sig) = rsa::pss::Signature::try_from(signature) else {
                return Ok(false);
            };
            Ok(match hash {
                DigestKind::Sha256 => rsa::pss::VerifyingKey::<Sha256>::new_with_salt_len(key, salt_len).verify(message, &sig),
                DigestKind::Sha384 => rsa::pss::VerifyingKey::<Sha384>::new_with_salt_len(key, salt_len).verify(message, &sig),
                DigestKind::Sha512 => rsa::pss::VerifyingKey::<Sha512>::new_with_salt_len(key, salt_len).verify(message, &sig),
            }
            .is_ok())
        }
    }
}
