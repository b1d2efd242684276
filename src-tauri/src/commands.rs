//! The Tauri commands: each one locks the session, calls the core, and returns a DTO.
//!
//! Invariant: no SQL, no file parsing and no scoring here — only calls into `tenken`. Every
//! write goes through the core's store, which commits it before the command returns.

use std::path::PathBuf;

use chrono::Local;
use tauri::AppHandle;
use tenken::catalog::{self, Catalog};
use tenken::document::CatalogRef;
use tenken::model::*;
use tenken::secret::Passphrase;
use tenken::session::{AssessmentRequest, Session};
use tenken::store::{FindingPatch, NewFinding, NewOrganisation};

use crate::dto::*;
use crate::jobs::on_worker;
use crate::state::AppState;

/// Result type of every command.
pub type CmdResult<T> = Result<T, CommandError>;

impl From<tenken::model::DomainError> for CommandError {
    fn from(e: tenken::model::DomainError) -> Self {
        tenken::Error::from(e).into()
    }
}

impl From<tenken::Error> for CommandError {
    fn from(e: tenken::Error) -> Self {
        // The kinds the UI tells apart; the stable code says exactly what happened.
        let kind = match e.code() {
            "not_found" | "signing.identity_not_found" => "not_found",
            "store.busy" => "busy",
            "store.signed" => "signed",
            "io" | "import.io" => "io",
            "store.database" | "store.not_a_database" | "store.schema_too_new" => "database",
            _ => "invalid",
        };
        CommandError {
            kind: kind.into(),
            code: e.code().into(),
            params: e.params().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            message: e.to_string(),
        }
    }
}

/// App version, database and identity locations, and the start-up error if any.
#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(app: AppHandle) -> CmdResult<AppInfo> {
    on_worker(app, move |state| Ok(info(state))).await
}

fn info(state: &AppState) -> AppInfo {
    let db = state.database();
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: db.path.display().to_string(),
        data_dir: db.path.parent().map(|p| p.display().to_string()).unwrap_or_default(),
        catalog_dir: tenken::paths::user_catalog_dir().display().to_string(),
        startup_error: db.error,
        encrypted: db.encrypted,
        identity_dir: tenken::paths::identity_dir().display().to_string(),
    }
}

/// Open the database at `path` (the current one when absent, e.g. to unlock it with its
/// passphrase) and work on it from now on. A wrong passphrase changes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_database(app: AppHandle, path: Option<String>, passphrase: Option<String>) -> CmdResult<AppInfo> {
    on_worker(app, move |state| {
        state.switch(path.map(PathBuf::from), passphrase.filter(|p| !p.is_empty()).map(Passphrase::new), false)?;
        Ok(info(state))
    })
    .await
}

/// Re-encrypt the open database with `passphrase` (a plain database becomes encrypted), or
/// remove its encryption when absent. Before the checked copy replaces the file, nothing changes.
#[tauri::command(rename_all = "snake_case")]
pub async fn change_passphrase(app: AppHandle, passphrase: Option<String>) -> CmdResult<AppInfo> {
    on_worker(app, move |state| {
        let _job = state.begin_job("passphrase")?;
        let new = passphrase.filter(|p| !p.is_empty()).map(Passphrase::new);
        let mut s = state.lock()?;
        s.change_passphrase(new.as_ref())?;
        let encrypted = s.is_encrypted();
        drop(s);
        state.set_encrypted(encrypted);
        Ok(info(state))
    })
    .await
}

/// Create a new database at `path` (the current file when absent: the first start), encrypted
/// with `passphrase` when one is given, and work on it from now on. An existing file is refused.
#[tauri::command(rename_all = "snake_case")]
pub async fn create_database(app: AppHandle, path: Option<String>, passphrase: Option<String>) -> CmdResult<AppInfo> {
    on_worker(app, move |state| {
        state.switch(path.map(PathBuf::from), passphrase.filter(|p| !p.is_empty()).map(Passphrase::new), true)?;
        Ok(info(state))
    })
    .await
}

/// The UI calls this once the portfolio is on screen; returns milliseconds since process start.
#[tauri::command(rename_all = "snake_case")]
pub async fn ready(app: AppHandle) -> CmdResult<u64> {
    on_worker(app, move |state| {
        let ms = u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        eprintln!("tenken-app: ready {ms} ms after process start");
        Ok(ms)
    })
    .await
}

/// The catalogs available, without their items.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalogs(app: AppHandle) -> CmdResult<Vec<CatalogInfo>> {
    on_worker(app, move |state| Ok(state.lock()?.catalogs().iter().map(catalog_info).collect())).await
}

fn catalog_info(c: &Catalog) -> CatalogInfo {
    CatalogInfo {
        catalog: CatalogRef::of(c),
        scope: c.scope.clone(),
        guidance: c.guidance.clone(),
        item_count: u32::try_from(c.items.len()).unwrap_or(u32::MAX),
    }
}

/// Make a user catalog from a workbook with No. and 要求事項 columns (optionally joined by No.
/// with a built-in catalog's commentary, scope and scoring), install it in the user catalog
/// folder and offer it from now on.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_catalog(app: AppHandle, input: CatalogImportInput) -> CmdResult<CatalogInfo> {
    on_worker(app, move |state| {
        use tenken::import::catalog_import::{import_catalog_file, CatalogImportOptions};
        let mut s = state.lock()?;
        let based_on = match &input.based_on {
            Some(id) => Some(catalog::find(s.catalogs(), id, None)?.clone()),
            None => None,
        };
        let opts = CatalogImportOptions {
            id: input.id.trim().to_string(),
            title: input.title.trim().to_string(),
            version: given(input.version.as_deref()),
            based_on,
        };
        let dir = tenken::paths::user_catalog_dir();
        let (_, cat) = import_catalog_file(&PathBuf::from(&input.path), &opts, &dir, s.catalogs()).map_err(tenken::Error::from)?;
        s.reload_catalogs(Some(&dir))?;
        Ok(catalog_info(&cat))
    })
    .await
}

/// How many items a scope puts in scope (shown while choosing it).
#[tauri::command(rename_all = "snake_case")]
pub async fn count_in_scope(app: AppHandle, catalog_id: String, catalog_version: String, scope: Scope) -> CmdResult<u32> {
    on_worker(app, move |state| {
        let s = state.lock()?;
        let cat = catalog::find(s.catalogs(), &catalog_id, Some(&catalog_version))?;
        Ok(u32::try_from(catalog::in_scope(cat, &scope)?.len()).unwrap_or(u32::MAX))
    })
    .await
}

fn assessment_row(o: tenken::portfolio::Overview) -> AssessmentRow {
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    AssessmentRow {
        assessment: o.assessment,
        catalog_title: o.catalog_title,
        progress: o.progress,
        supplier: o.supplier,
        auditor: o.auditor,
        open_actions: n(o.actions.open),
        overdue_actions: n(o.actions.overdue),
    }
}

/// Every organisation with its assessments, newest first (off the UI thread: an OEM's
/// portfolio holds hundreds of scored assessments).
#[tauri::command(rename_all = "snake_case")]
pub async fn portfolio(app: AppHandle) -> CmdResult<Vec<PortfolioRow>> {
    crate::jobs::blocking(move || {
        let state = tauri::Manager::state::<AppState>(&app);
        let s = state.lock()?;
        Ok(tenken::portfolio::portfolio(&s, Local::now().date_naive())?
            .into_iter()
            .map(|r| PortfolioRow { organisation: r.organisation, assessments: r.assessments.into_iter().map(assessment_row).collect() })
            .collect())
    })
    .await
}

/// Create an organisation.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_organisation(app: AppHandle, input: NewOrganisation) -> CmdResult<Organisation> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        Ok(s.add_organisation(&input)?)
    })
    .await
}

/// Create an assessment (the core checks the catalog and the scope).
#[tauri::command(rename_all = "snake_case")]
pub async fn create_assessment(app: AppHandle, input: NewAssessmentInput) -> CmdResult<Assessment> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        let req = AssessmentRequest {
            organisation: tenken::model::OrgRef::Id(input.organisation_id),
            create_org: false,
            site: given(input.site.as_deref()),
            catalog_id: input.catalog_id,
            catalog_version: Some(input.catalog_version),
            scope: input.scope,
            kind: input.kind,
            auditor: given(input.auditor.as_deref()),
            started_on: input.started_on,
            ended_on: input.ended_on,
        };
        Ok(s.create_assessment(&req)?)
    })
    .await
}

/// Everything the walkthrough shows for one assessment.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_assessment(app: AppHandle, id: AssessmentId) -> CmdResult<WalkData> {
    on_worker(app, move |state| {
        let s = state.lock()?;
        let assessment = s.assessment(id)?;
        let catalog: Catalog = s.catalog_of(&assessment)?;
        let scoped = catalog::in_scope(&catalog, &assessment.scope)?
            .into_iter()
            .map(|si| ScopedRef { item_id: si.item.id.clone(), need: si.need })
            .collect();
        Ok(WalkData {
            scoped,
            results: s.item_results(id)?,
            evidence: s.evidence(id)?,
            findings: s.findings(id)?,
            progress: s.progress(id)?,
            assessment,
            catalog,
        })
    })
    .await
}

fn item_update(s: &Session, id: AssessmentId, item: &str) -> CmdResult<ItemUpdate> {
    Ok(ItemUpdate { result: s.item_result(id, item)?, progress: s.progress(id)? })
}

/// Record a verdict on an item; returns the stored result and the new progress.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_verdict(app: AppHandle, id: AssessmentId, item: String, verdict: Verdict) -> CmdResult<ItemUpdate> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        let item = s.set_verdict(id, &item, verdict, None)?;
        item_update(&s, id, &item)
    })
    .await
}

/// Record the auditor's note on an item (called as they type, debounced by the UI).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_note(app: AppHandle, id: AssessmentId, item: String, note: String) -> CmdResult<ItemUpdate> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        let item = s.set_note(id, &item, &note)?;
        item_update(&s, id, &item)
    })
    .await
}

/// Remember the item on screen, for "resume where I left off".
#[tauri::command(rename_all = "snake_case")]
pub async fn set_last_item(app: AppHandle, id: AssessmentId, item: String) -> CmdResult<()> {
    on_worker(app, move |state| {
        state.lock()?.set_last_item(id, &item)?;
        Ok(())
    })
    .await
}

/// Store a file the user picked or dropped as evidence for items; returns it with its SHA-256.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_evidence(app: AppHandle, id: AssessmentId, items: Vec<String>, path: String) -> CmdResult<Evidence> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        Ok(s.add_evidence_file(id, &items, &PathBuf::from(path))?)
    })
    .await
}

/// Save an evidence file to `path` (the user picked it in the save dialog; an existing file is
/// refused); returns the size written.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_evidence(app: AppHandle, evidence_id: i64, path: String) -> CmdResult<u64> {
    on_worker(app, move |state| Ok(state.lock()?.save_evidence(evidence_id, &PathBuf::from(path))?)).await
}

/// Set an assessment's status: draft or in review (signing it off is the export's job).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_status(app: AppHandle, id: AssessmentId, status: AssessmentStatus) -> CmdResult<Assessment> {
    on_worker(app, move |state| {
        if status == AssessmentStatus::Signed {
            return Err(tenken::Error::from(tenken::error::Invalid::SignOffByExport {}).into());
        }
        let mut s = state.lock()?;
        s.set_status(id, status)?;
        Ok(s.assessment(id)?)
    })
    .await
}

/// Write a blank checksheet for suppliers: the catalog's items in `scope`, to `path` (.xlsx);
/// returns how many items it holds.
#[tauri::command(rename_all = "snake_case")]
pub async fn write_template(app: AppHandle, catalog_id: String, catalog_version: String, scope: Scope, path: String) -> CmdResult<u32> {
    on_worker(app, move |state| {
        let s = state.lock()?;
        let cat = catalog::find(s.catalogs(), &catalog_id, Some(&catalog_version))?;
        let n = catalog::in_scope(cat, &scope)?.len();
        tenken::template::write_template(cat, &scope, &PathBuf::from(path)).map_err(tenken::Error::from)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    })
    .await
}

/// Largest image shown as a thumbnail (bigger files are listed without one).
const THUMBNAIL_MAX_BYTES: usize = 8 * 1024 * 1024;

/// An image evidence file as a `data:` URL for its thumbnail; None for other files.
#[tauri::command(rename_all = "snake_case")]
pub async fn evidence_thumbnail(app: AppHandle, id: AssessmentId, evidence_id: i64) -> CmdResult<Option<String>> {
    on_worker(app, move |state| {
        use base64::Engine;
        let s = state.lock()?;
        let Some(e) = s.evidence(id)?.into_iter().find(|e| e.id == evidence_id) else {
            return Err(tenken::Error::not_found("evidence", evidence_id).into());
        };
        let shown = ["image/png", "image/jpeg", "image/gif", "image/webp"];
        if !shown.contains(&e.media_type.as_str()) || usize::try_from(e.size).unwrap_or(usize::MAX) > THUMBNAIL_MAX_BYTES {
            return Ok(None);
        }
        let bytes = s.evidence_bytes(evidence_id)?;
        let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        Ok(Some(format!("data:{};base64,{b64}", e.media_type)))
    })
    .await
}

/// Add a finding with its corrective action.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_finding(app: AppHandle, input: NewFinding) -> CmdResult<Finding> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        Ok(s.add_finding(input)?)
    })
    .await
}

/// Change a finding's owner, due date, status or text.
#[tauri::command(rename_all = "snake_case")]
pub async fn update_finding(app: AppHandle, finding_id: i64, patch: FindingPatch) -> CmdResult<Finding> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        Ok(s.update_finding(finding_id, &patch)?)
    })
    .await
}

/// The score of an assessment (supplier answers and auditor verdicts side by side).
#[tauri::command(rename_all = "snake_case")]
pub async fn score(app: AppHandle, id: AssessmentId) -> CmdResult<tenken::scoring::ScoreReport> {
    on_worker(app, move |state| {
        let s = state.lock()?;
        Ok(s.score(id)?)
    })
    .await
}

/// Write a consistent copy of the database to a file the user chose.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup(app: AppHandle, dest: String) -> CmdResult<String> {
    on_worker(app, move |state| {
        let _job = state.begin_job("backup")?;
        let s = state.lock()?;
        s.backup_to(&PathBuf::from(&dest), None)?;
        Ok(dest)
    })
    .await
}

/// Replace the database contents with a backup the user chose (the core keeps the old copy).
#[tauri::command(rename_all = "snake_case")]
pub async fn restore(app: AppHandle, src: String) -> CmdResult<String> {
    on_worker(app, move |state| {
        let _job = state.begin_job("restore")?;
        let mut s = state.lock()?;
        s.restore_from(&PathBuf::from(&src), None)?;
        Ok(src)
    })
    .await
}

/// Reopen a signed assessment as a new draft revision (the signed one stays as it was).
#[tauri::command(rename_all = "snake_case")]
pub async fn reopen_assessment(app: AppHandle, id: AssessmentId) -> CmdResult<Assessment> {
    on_worker(app, move |state| {
        let mut s = state.lock()?;
        Ok(s.reopen(id)?)
    })
    .await
}
