//! Signing identities, signed export and signature verification.
//!
//! Invariant: keys never leave the core: the UI sends a passphrase, the core unlocks the
//! identity for one export and drops it. Trust for verification is this computer's identities'
//! roots (the auditor's own CA); everything else is reported as "not trusted here", never hidden.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};
use tenken::export::{self, ExportTargets, SignRequest};
use tenken::signing::{Identity, NewIdentity};

use crate::commands::CmdResult;
use crate::dto::*;
use crate::jobs::{blocking, on_worker, progress};
use crate::state::AppState;
use crate::views;

fn identity_dir() -> PathBuf {
    tenken::paths::identity_dir()
}

/// The signing identities on this computer.
#[tauri::command(rename_all = "snake_case")]
pub async fn identities(app: AppHandle) -> CmdResult<Vec<IdentityInfo>> {
    on_worker(app, move |_state| Ok(Identity::list(&identity_dir()).map_err(tenken::Error::from)?.iter().map(views::identity).collect()))
        .await
}

/// Create an identity: a key pair and a certificate issued by a new local root CA.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_identity(input: NewIdentityInput) -> CmdResult<IdentityInfo> {
    blocking(move || {
        let new =
            NewIdentity { name: input.name.trim().to_string(), org: input.org.trim().to_string(), email: given(input.email.as_deref()) };
        let id = Identity::create(&identity_dir(), &new, &input.passphrase).map_err(tenken::Error::from)?;
        Ok(views::identity(&id))
    })
    .await
}

/// Import an organisation-issued PKCS#12 (.p12/.pfx).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_identity(input: ImportIdentityInput) -> CmdResult<IdentityInfo> {
    blocking(move || {
        let path = PathBuf::from(input.path.trim());
        let bytes = std::fs::read(&path).map_err(|e| tenken::Error::io(&path, e))?;
        let id = Identity::import_p12(&identity_dir(), &bytes, &input.p12_password, &input.passphrase).map_err(tenken::Error::from)?;
        Ok(views::identity(&id))
    })
    .await
}

/// Write an identity's certificate chain (PEM) for recipients to trust.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_identity_cert(app: AppHandle, id: String, dest: String) -> CmdResult<String> {
    on_worker(app, move |_state| {
        let pem = Identity::load(&identity_dir(), &id).and_then(|i| i.export_cert_pem()).map_err(tenken::Error::from)?;
        tenken::export::write_atomically(&PathBuf::from(&dest), pem.as_bytes())?;
        Ok(dest)
    })
    .await
}

/// Where an assessment's exports go by default, and whether it can still be signed.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_defaults(app: AppHandle, id: tenken::model::AssessmentId) -> CmdResult<ExportDefaults> {
    on_worker(app, move |state| {
        let s = state.lock()?;
        let doc = tenken::document::read(&s, id)?;
        Ok(ExportDefaults {
            folder: tenken::paths::default_export_dir().display().to_string(),
            stem: export::file_stem(&doc),
            signed: doc.assessment.status == tenken::model::AssessmentStatus::Signed,
        })
    })
    .await
}

fn written(f: &export::WrittenFile) -> WrittenFileView {
    WrittenFileView {
        path: f.path.display().to_string(),
        kind: f.kind.clone(),
        size: u32::try_from(f.size).unwrap_or(u32::MAX),
        sha256: f.sha256.clone(),
        signed: f.signed,
    }
}

/// Export the report and/or results into a folder, signed when asked (then the assessment is
/// signed off), and verify every signature just written.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_report(app: AppHandle, input: ExportRequest) -> CmdResult<ExportOutcome> {
    blocking(move || {
        let state = app.state::<AppState>();
        let folder = PathBuf::from(input.folder.trim());
        tenken::fsutil::create_private_dir(&folder).map_err(|e| tenken::Error::io(&folder, e))?;
        let unlocked = match &input.sign {
            Some(sg) => {
                let id = Identity::load(&identity_dir(), &sg.identity_id).map_err(tenken::Error::from)?;
                Some(id.unlock(&sg.passphrase).map_err(tenken::Error::from)?)
            }
            None => None,
        };
        let sign = match (&unlocked, &input.sign) {
            (Some(identity), Some(sg)) => Some(SignRequest {
                identity,
                reason: Some(given(sg.reason.as_deref()).unwrap_or_else(|| export::DEFAULT_REASON.to_string())),
                location: given(sg.location.as_deref()),
                time: chrono::Utc::now(),
            }),
            _ => None,
        };
        let _job = state.begin_job("export")?;
        // The session is locked to read the assessment and to sign it off, not while the report
        // is drawn and signed (a change made meanwhile is refused at sign-off).
        let source = export::read_source(&*state.lock()?, input.id)?;
        let targets = ExportTargets::in_folder(&folder, &source.stem(), input.pdf, input.xlsx, input.json);
        progress(&app, "export", 0, 1, &folder);
        let prepared = export::render(source, &targets, sign.as_ref())?;
        let files = export::commit(&mut *state.lock()?, prepared)?;
        progress(&app, "export", 1, 1, &folder);
        // The trust list and the user's own identities' roots, as `tenken verify` uses.
        let roots = tenken::paths::trust_anchors();
        let mut checks = Vec::new();
        for f in files.iter().filter(|f| f.signed && f.kind != "p7s") {
            let v = tenken::signing::verify_file(&f.path, None, &roots).map_err(tenken::Error::from)?;
            checks.push(views::verification(&f.path, &v));
        }
        Ok(ExportOutcome { files: files.iter().map(written).collect(), signed_off: sign.is_some(), checks })
    })
    .await
}

/// Check the signature of a file the user picked (a signed PDF, or a file with `FILE.p7s`).
#[tauri::command(rename_all = "snake_case")]
pub async fn verify_file(path: String) -> CmdResult<VerificationView> {
    blocking(move || {
        let path = PathBuf::from(path.trim());
        let roots = tenken::paths::trust_anchors();
        let v = tenken::signing::verify_file(&path, None, &roots).map_err(tenken::Error::from)?;
        Ok(views::verification(&path, &v))
    })
    .await
}

/// Create a key and a certificate signing request (PKCS#10) for the organisation's CA, written
/// to `dest`; the identity cannot sign until the issued chain is installed ([`install_certificate`]).
#[tauri::command(rename_all = "snake_case")]
pub async fn request_identity(input: NewIdentityInput, dest: String) -> CmdResult<IdentityInfo> {
    blocking(move || {
        let new =
            NewIdentity { name: input.name.trim().to_string(), org: input.org.trim().to_string(), email: given(input.email.as_deref()) };
        let dest = PathBuf::from(dest.trim());
        if dest.exists() {
            return Err(tenken::Error::from(tenken::error::Invalid::FileThere { path: dest.display().to_string() }).into());
        }
        let (id, pem) = Identity::create_request(&identity_dir(), &new, &input.passphrase).map_err(tenken::Error::from)?;
        tenken::export::write_atomically(&dest, pem.as_bytes())?;
        Ok(views::identity(&id))
    })
    .await
}

/// Install the certificate chain (PEM) the organisation's CA issued for an identity's request.
#[tauri::command(rename_all = "snake_case")]
pub async fn install_certificate(id: String, chain: String) -> CmdResult<IdentityInfo> {
    blocking(move || {
        let chain = PathBuf::from(chain.trim());
        let pem = std::fs::read_to_string(&chain).map_err(|e| tenken::Error::io(&chain, e))?;
        let done = Identity::load(&identity_dir(), &id).and_then(|i| i.install_certificate(&pem)).map_err(tenken::Error::from)?;
        Ok(views::identity(&done))
    })
    .await
}
