//! The Tauri commands: each one locks the session, calls the core, and returns a DTO.
//!
//! Invariant: no SQL, no file parsing and no scoring here — only calls into `tenken`. Every
//! write goes through the core's store, which commits it before the command returns.

use std::path::PathBuf;

use chrono::Local;
use tauri::State;
use tenken::catalog::{self, Catalog};
use tenken::document::CatalogRef;
use tenken::model::*;
use tenken::secret::Passphrase;
use tenken::session::{AssessmentRequest, Session};
use tenken::store::{FindingPatch, NewFinding, NewOrganisation};

use crate::dto::*;
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
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    info(&state)
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
pub fn open_database(state: State<'_, AppState>, path: Option<String>, passphrase: Option<String>) -> CmdResult<AppInfo> {
    state.switch(path.map(PathBuf::from), passphrase.filter(|p| !p.is_empty()).map(Passphrase::new), false)?;
    Ok(info(&state))
}

/// Re-encrypt the open database with `passphrase` (a plain database becomes encrypted), or
/// remove its encryption when absent. Before the checked copy replaces the file, nothing changes.
#[tauri::command(rename_all = "snake_case")]
pub fn change_passphrase(state: State<'_, AppState>, passphrase: Option<String>) -> CmdResult<AppInfo> {
    let new = passphrase.filter(|p| !p.is_empty()).map(Passphrase::new);
    let mut s = state.lock()?;
    s.change_passphrase(new.as_ref())?;
    let encrypted = s.is_encrypted();
    drop(s);
    state.set_encrypted(encrypted);
    Ok(info(&state))
}

/// Create a new database at `path` (the current file when absent: the first start), encrypted
/// with `passphrase` when one is given, and work on it from now on. An existing file is refused.
#[tauri::command(rename_all = "snake_case")]
pub fn create_database(state: State<'_, AppState>, path: Option<String>, passphrase: Option<String>) -> CmdResult<AppInfo> {
    state.switch(path.map(PathBuf::from), passphrase.filter(|p| !p.is_empty()).map(Passphrase::new), true)?;
    Ok(info(&state))
}

/// The UI calls this once the portfolio is on screen; returns milliseconds since process start.
#[tauri::command(rename_all = "snake_case")]
pub fn ready(state: State<'_, AppState>) -> u64 {
    let ms = u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    eprintln!("tenken-app: ready {ms} ms after process start");
    ms
}

/// The catalogs available, without their items.
#[tauri::command(rename_all = "snake_case")]
pub fn catalogs(state: State<'_, AppState>) -> CmdResult<Vec<CatalogInfo>> {
    Ok(state.lock()?.catalogs().iter().map(catalog_info).collect())
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
pub fn import_catalog(state: State<'_, AppState>, input: CatalogImportInput) -> CmdResult<CatalogInfo> {
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
}

/// How many items a scope puts in scope (shown while choosing it).
#[tauri::command(rename_all = "snake_case")]
pub fn count_in_scope(state: State<'_, AppState>, catalog_id: String, catalog_version: String, scope: Scope) -> CmdResult<u32> {
    let s = state.lock()?;
    let cat = catalog::find(s.catalogs(), &catalog_id, Some(&catalog_version))?;
    Ok(u32::try_from(catalog::in_scope(cat, &scope)?.len()).unwrap_or(u32::MAX))
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
pub async fn portfolio(app: tauri::AppHandle) -> CmdResult<Vec<PortfolioRow>> {
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
pub fn add_organisation(state: State<'_, AppState>, input: NewOrganisation) -> CmdResult<Organisation> {
    let mut s = state.lock()?;
    Ok(s.add_organisation(&input)?)
}

/// Create an assessment (the core checks the catalog and the scope).
#[tauri::command(rename_all = "snake_case")]
pub fn create_assessment(state: State<'_, AppState>, input: NewAssessmentInput) -> CmdResult<Assessment> {
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
}

/// Everything the walkthrough shows for one assessment.
#[tauri::command(rename_all = "snake_case")]
pub fn open_assessment(state: State<'_, AppState>, id: AssessmentId) -> CmdResult<WalkData> {
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
}

fn item_update(s: &Session, id: AssessmentId, item: &str) -> CmdResult<ItemUpdate> {
    Ok(ItemUpdate { result: s.item_result(id, item)?, progress: s.progress(id)? })
}

/// Record a verdict on an item; returns the stored result and the new progress.
#[tauri::command(rename_all = "snake_case")]
pub fn set_verdict(state: State<'_, AppState>, id: AssessmentId, item: String, verdict: Verdict) -> CmdResult<ItemUpdate> {
    let mut s = state.lock()?;
    let item = s.set_verdict(id, &item, verdict, None)?;
    item_update(&s, id, &item)
}

/// Record the auditor's note on an item (called as they type, debounced by the UI).
#[tauri::command(rename_all = "snake_case")]
pub fn set_note(state: State<'_, AppState>, id: AssessmentId, item: String, note: String) -> CmdResult<ItemUpdate> {
    let mut s = state.lock()?;
    let item = s.set_note(id, &item, &note)?;
    item_update(&s, id, &item)
}

/// Remember the item on screen, for "resume where I left off".
#[tauri::command(rename_all = "snake_case")]
pub fn set_last_item(state: State<'_, AppState>, id: AssessmentId, item: String) -> CmdResult<()> {
    state.lock()?.set_last_item(id, &item)?;
    Ok(())
}

/// Store a file the user picked or dropped as evidence for items; returns it with its SHA-256.
#[tauri::command(rename_all = "snake_case")]
pub fn add_evidence(state: State<'_, AppState>, id: AssessmentId, items: Vec<String>, path: String) -> CmdResult<Evidence> {
    let mut s = state.lock()?;
    Ok(s.add_evidence_file(id, &items, &PathBuf::from(path))?)
}

/// Save an evidence file to `path` (the user picked it in the save dialog; an existing file is
/// refused); returns the size written.
#[tauri::command(rename_all = "snake_case")]
pub fn save_evidence(state: State<'_, AppState>, evidence_id: i64, path: String) -> CmdResult<u64> {
    Ok(state.lock()?.save_evidence(evidence_id, &PathBuf::from(path))?)
}

/// Set an assessment's status: draft or in review (signing it off is the export's job).
#[tauri::command(rename_all = "snake_case")]
pub fn set_status(state: State<'_, AppState>, id: AssessmentId, status: AssessmentStatus) -> CmdResult<Assessment> {
    if status == AssessmentStatus::Signed {
        return Err(tenken::Error::invalid("an assessment is signed off by exporting a signed report, not by setting its status").into());
    }
    let mut s = state.lock()?;
    s.set_status(id, status)?;
    Ok(s.assessment(id)?)
}

/// Write a blank checksheet for suppliers: the catalog's items in `scope`, to `path` (.xlsx);
/// returns how many items it holds.
#[tauri::command(rename_all = "snake_case")]
pub fn write_template(
    state: State<'_, AppState>,
    catalog_id: String,
    catalog_version: String,
    scope: Scope,
    path: String,
) -> CmdResult<u32> {
    let s = state.lock()?;
    let cat = catalog::find(s.catalogs(), &catalog_id, Some(&catalog_version))?;
    let n = catalog::in_scope(cat, &scope)?.len();
    tenken::template::write_template(cat, &scope, &PathBuf::from(path)).map_err(tenken::Error::from)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Largest image shown as a thumbnail (bigger files are listed without one).
const THUMBNAIL_MAX_BYTES: usize = 8 * 1024 * 1024;

/// An image evidence file as a `data:` URL for its thumbnail; None for other files.
#[tauri::command(rename_all = "snake_case")]
pub fn evidence_thumbnail(state: State<'_, AppState>, id: AssessmentId, evidence_id: i64) -> CmdResult<Option<String>> {
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
}

/// Add a finding with its corrective action.
#[tauri::command(rename_all = "snake_case")]
pub fn add_finding(state: State<'_, AppState>, input: NewFinding) -> CmdResult<Finding> {
    let mut s = state.lock()?;
    Ok(s.add_finding(input)?)
}

/// Change a finding's owner, due date, status or text.
#[tauri::command(rename_all = "snake_case")]
pub fn update_finding(state: State<'_, AppState>, finding_id: i64, patch: FindingPatch) -> CmdResult<Finding> {
    let mut s = state.lock()?;
    Ok(s.update_finding(finding_id, &patch)?)
}

/// The score of an assessment (supplier answers and auditor verdicts side by side).
#[tauri::command(rename_all = "snake_case")]
pub fn score(state: State<'_, AppState>, id: AssessmentId) -> CmdResult<tenken::scoring::ScoreReport> {
    let s = state.lock()?;
    Ok(s.score(id)?)
}

/// Write a consistent copy of the database to a file the user chose.
#[tauri::command(rename_all = "snake_case")]
pub fn backup(state: State<'_, AppState>, dest: String) -> CmdResult<String> {
    let s = state.lock()?;
    s.backup_to(&PathBuf::from(&dest), None)?;
    Ok(dest)
}

/// Replace the database contents with a backup the user chose (the core keeps the old copy).
#[tauri::command(rename_all = "snake_case")]
pub fn restore(state: State<'_, AppState>, src: String) -> CmdResult<String> {
    let mut s = state.lock()?;
    s.restore_from(&PathBuf::from(&src), None)?;
    Ok(src)
}

/// Reopen a signed assessment as a new draft revision (the signed one stays as it was).
#[tauri::command(rename_all = "snake_case")]
pub fn reopen_assessment(state: State<'_, AppState>, id: AssessmentId) -> CmdResult<Assessment> {
    let mut s = state.lock()?;
    Ok(s.reopen(id)?)
}
