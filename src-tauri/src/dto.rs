//! The command contracts between the shell and the UI: inputs and outputs of every command.
//!
//! These types are exported to TypeScript (`ui/src/lib/bindings.ts`, see `bindings.rs`), so the
//! UI and the shell cannot drift apart. They only bundle core types for one screen; they hold no
//! logic of their own.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenken::catalog::{Catalog, Guidance, Need, ScopeDimension, Source, Text2};
use tenken::model::*;
use ts_rs::TS;

/// What the Settings screen shows and which core features exist in this build.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// The database file in use (from `TENKEN_DB` or the default).
    pub db_path: String,
    /// The folder holding the database.
    pub data_dir: String,
    /// The folder read for user catalogs.
    pub catalog_dir: String,
    /// Why the database could not be opened, if it could not.
    pub startup_error: Option<String>,
    /// Core features wired into this build (screens show "not available yet" otherwise).
    pub features: Features,
}

/// Core features the shell can offer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Features {
    /// Checksheet import.
    pub import: bool,
    /// Scoring (levels, grade).
    pub scoring: bool,
    /// PDF and Excel export.
    pub export: bool,
    /// Signing.
    pub signing: bool,
}

/// A catalog without its items, for choosing one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogInfo {
    /// Catalog id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Title.
    pub title: Text2,
    /// Publisher.
    pub publisher: String,
    /// Source document.
    pub source: Source,
    /// Draft document.
    pub draft: bool,
    /// Scope dimensions to choose.
    pub scope: Vec<ScopeDimension>,
    /// Catalog-level guidance (pattern tables etc.).
    pub guidance: Vec<Guidance>,
    /// Number of items.
    pub item_count: u32,
}

/// Walkthrough progress of an assessment.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgressView {
    /// Items in scope.
    pub in_scope: u32,
    /// In-scope items with a verdict.
    pub verified: u32,
    /// In-scope items the supplier answered.
    pub answered: u32,
    /// Item worked on last.
    pub last_item: Option<String>,
}

/// One assessment line of the portfolio.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AssessmentRow {
    /// The assessment.
    pub assessment: Assessment,
    /// Its catalog's title (None if the catalog is not installed).
    pub catalog_title: Option<Text2>,
    /// Progress.
    pub progress: Option<ProgressView>,
    /// Findings whose corrective action is not done.
    pub open_actions: u32,
    /// Open ones past their due date.
    pub overdue_actions: u32,
}

/// One organisation of the portfolio with its assessments (newest first).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PortfolioRow {
    /// The organisation.
    pub organisation: Organisation,
    /// Its assessments, newest first.
    pub assessments: Vec<AssessmentRow>,
}

/// A new organisation as typed.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewOrganisationInput {
    /// Name.
    pub name: String,
    /// Supplier or own firm.
    pub kind: OrgKind,
    /// Supplier code.
    pub code: Option<String>,
}

/// A new assessment as chosen on its screen.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewAssessmentInput {
    /// Organisation.
    pub organisation_id: OrgId,
    /// Site name.
    pub site: Option<String>,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version.
    pub catalog_version: String,
    /// Scope choices.
    pub scope: Scope,
    /// Kind.
    pub kind: AssessmentKind,
    /// Auditor.
    pub auditor: Option<String>,
    /// First day (ISO).
    pub started_on: Option<NaiveDate>,
    /// Last day (ISO).
    pub ended_on: Option<NaiveDate>,
}

/// An in-scope item with the need the scope gives it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScopedRef {
    /// Item id.
    pub item_id: String,
    /// Mandatory / recommended.
    pub need: Option<Need>,
}

/// Everything the walkthrough needs for one assessment.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WalkData {
    /// The assessment.
    pub assessment: Assessment,
    /// Its catalog, extended with imported extra items.
    pub catalog: Catalog,
    /// The items in scope, in catalog order.
    pub scoped: Vec<ScopedRef>,
    /// Stored item results.
    pub results: Vec<ItemResult>,
    /// Evidence files.
    pub evidence: Vec<Evidence>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Progress.
    pub progress: ProgressView,
}

/// The result of an item after a change, with the new progress.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ItemUpdate {
    /// The item's stored result.
    pub result: Option<ItemResult>,
    /// Progress after the change.
    pub progress: ProgressView,
}

/// A new finding as typed.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewFindingInput {
    /// Assessment.
    pub assessment_id: AssessmentId,
    /// Item concerned.
    pub item_id: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// What was found.
    pub description: String,
    /// Corrective action.
    pub corrective_action: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Due date (ISO).
    pub due_date: Option<NaiveDate>,
}

/// Changes to a finding (absent fields stay as they are).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct FindingPatchInput {
    /// Severity.
    pub severity: Option<Severity>,
    /// Description.
    pub description: Option<String>,
    /// Corrective action.
    pub corrective_action: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Due date (ISO).
    pub due_date: Option<NaiveDate>,
    /// Status.
    pub status: Option<ActionStatus>,
}

/// A failed command: a message for the person at the keyboard.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    /// Kind of failure (`not_found`, `invalid`, `busy`, `signed`, `unavailable`, `io`, `database`).
    pub kind: String,
    /// What went wrong and where.
    pub message: String,
}
