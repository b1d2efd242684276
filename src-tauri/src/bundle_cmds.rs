//! Bundles and the trust list: export an assessment as a signed bundle, check a received bundle
//! and show who signed it and what it holds before anything is stored, import it with the
//! user's decision about an untrusted signer, and manage the roots trusted on this computer.
//!
//! Invariant: as in `tenken bundle import`, an INVALID bundle is refused whatever the user says,
//! and an UNTRUSTED one is imported only when the user chose to, marked untrusted (in review,
//! never signed). Trust is only ever added from a root certificate file the user picked (the
//! sender's, checked by its fingerprint), never from the certificates a bundle carries.

use std::path::PathBuf;

use tauri::AppHandle;
use tenken::bundle::{self, ImportOptions};
use tenken::signing::trust::{self, TrustList, TrustSource, TrustedRoot};
use tenken::signing::Identity;

use crate::commands::CmdResult;
use crate::dto::*;
use crate::jobs::on_worker;
use crate::views;

/// Pack an assessment with its evidence into a bundle signed by the chosen identity.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_export(app: AppHandle, input: BundleExportInput) -> CmdResult<BundleExported> {
    on_worker(app, move |state| {
        let _job = state.begin_job("bundle")?;
        let identity = Identity::load(&tenken::paths::identity_dir(), &input.identity_id).map_err(tenken::Error::from)?;
        let unlocked = identity.unlock(&input.passphrase).map_err(tenken::Error::from)?;
        let dest = PathBuf::from(input.dest.trim());
        let manifest = bundle::export(&mut *state.lock()?, input.id, &unlocked, chrono::Utc::now(), &dest)?;
        Ok(BundleExported {
            path: dest.display().to_string(),
            // The manifest lists the document and evidence; the manifest and its signature are two more.
            entries: u32::try_from(manifest.entries.len() + 2).unwrap_or(u32::MAX),
            signer: identity.name.clone(),
        })
    })
    .await
}

/// Check a bundle without storing anything: its signature (an INVALID one is the error), every
/// entry against the signed manifest, and what it holds.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_check(app: AppHandle, path: String) -> CmdResult<BundleCheckView> {
    on_worker(app, move |state| {
        let _job = state.begin_job("bundle")?;
        let path = PathBuf::from(path.trim());
        let checked = bundle::check(&path, &tenken::paths::trust_anchors())?;
        let already_here = state.lock()?.assessment_id_by_uid(&checked.contents.uid)?;
        Ok(BundleCheckView {
            path: path.display().to_string(),
            verification: views::verification(&path, &checked.verification),
            created_at: checked.manifest.created_at.clone(),
            contents: checked.contents,
            already_here,
        })
    })
    .await
}

/// Import a bundle: a trusted one as it is; an untrusted one only with `accept_untrusted` (the
/// user's decision after seeing the signer's fingerprint), then marked untrusted.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_import(app: AppHandle, path: String, accept_untrusted: bool) -> CmdResult<BundleImported> {
    on_worker(app, move |state| {
        let _job = state.begin_job("bundle")?;
        let path = PathBuf::from(path.trim());
        let r = bundle::import(&mut *state.lock()?, &path, &tenken::paths::trust_anchors(), ImportOptions { accept_untrusted })?;
        Ok(BundleImported { assessment_id: r.assessment_id, created: r.created, status: r.status, trusted: r.signature.is_valid() })
    })
    .await
}

fn root_view(r: &TrustedRoot) -> TrustedRootView {
    TrustedRootView {
        fingerprint: r.fingerprint.clone(),
        name: r.name.clone(),
        organisation: r.subject.organisation.clone(),
        not_after: r.not_after.to_rfc3339(),
        source: match r.source {
            TrustSource::List => "list".into(),
            TrustSource::OwnIdentity { .. } => "identity".into(),
        },
    }
}

/// The roots trusted here: the trust list, then the own identities' roots.
#[tauri::command(rename_all = "snake_case")]
pub async fn trusted_roots(app: AppHandle) -> CmdResult<Vec<TrustedRootView>> {
    on_worker(app, |_state| {
        let (mut roots, _damaged) = TrustList::at(tenken::paths::trust_dir()).list().map_err(tenken::Error::from)?;
        roots.extend(trust::own_roots(&tenken::paths::identity_dir()));
        Ok(roots.iter().map(root_view).collect())
    })
    .await
}

/// Trust a root certificate file (PEM or DER) the user picked: signatures leading to it become VALID.
#[tauri::command(rename_all = "snake_case")]
pub async fn trust_root(app: AppHandle, path: String, name: Option<String>) -> CmdResult<TrustedRootView> {
    on_worker(app, move |_state| {
        let path = PathBuf::from(path.trim());
        let bytes = std::fs::read(&path).map_err(|e| tenken::Error::io(&path, e))?;
        let cert = trust::read_one_certificate(&bytes, &path).map_err(tenken::Error::from)?;
        let root = TrustList::at(tenken::paths::trust_dir()).add(&cert, given(name.as_deref()).as_deref()).map_err(tenken::Error::from)?;
        Ok(root_view(&root))
    })
    .await
}

/// Stop trusting a root of the trust list (by its fingerprint).
#[tauri::command(rename_all = "snake_case")]
pub async fn untrust_root(app: AppHandle, fingerprint: String) -> CmdResult<TrustedRootView> {
    on_worker(app, move |_state| {
        let root = TrustList::at(tenken::paths::trust_dir()).remove(&fingerprint).map_err(tenken::Error::from)?;
        Ok(root_view(&root))
    })
    .await
}
