//! The whole assessment as one self-describing document: what `tenken export --json` writes,
//! what a bundle carries between machines, and what the reports are rendered from.
//!
//! The JSON schema is this module's types; `format` names its version. Field names are stable:
//! a change that other tools would notice bumps [`FORMAT`].
//!
//! Invariant: a document is a snapshot read from the store (by the application layer); these are
//! plain data types.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Item, Source, Text2};
use crate::model::*;

/// The format tag of [`AssessmentDocument`].
pub const FORMAT: &str = "tenken.assessment/1";

/// The catalog an assessment was made against, by reference (the texts live in the catalog).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogRef {
    /// Catalog id.
    pub id: String,
    /// Catalog version.
    pub version: String,
    /// Title.
    pub title: Text2,
    /// Publisher.
    pub publisher: String,
    /// Source document.
    pub source: Source,
    /// Whether the source is a draft.
    pub draft: bool,
}

impl CatalogRef {
    /// The reference to `catalog`.
    pub fn of(catalog: &Catalog) -> CatalogRef {
        CatalogRef {
            id: catalog.id.clone(),
            version: catalog.version.clone(),
            title: catalog.title.clone(),
            publisher: catalog.publisher.clone(),
            source: catalog.source.clone(),
            draft: catalog.draft,
        }
    }
}

/// One assessment with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentDocument {
    /// Always [`FORMAT`].
    pub format: String,
    /// When the document was made (RFC 3339, UTC).
    pub exported_at: String,
    /// The program that made it (`tenken 0.1.0`).
    pub generator: String,
    /// The assessment.
    pub assessment: Assessment,
    /// The uid of the revision this one reopened, if any (links revisions across databases).
    #[serde(default)]
    pub previous_uid: Option<String>,
    /// The organisation assessed, with its sites.
    pub organisation: Organisation,
    /// The site name, if the assessment has one.
    pub site: Option<String>,
    /// The catalog.
    pub catalog: CatalogRef,
    /// Item results: supplier answers and auditor verdicts.
    pub results: Vec<ItemResult>,
    /// Items the imported sheet carried that the catalog lacks.
    pub extra_items: Vec<Item>,
    /// Evidence files (metadata; bytes travel in bundles).
    pub evidence: Vec<Evidence>,
    /// Findings and corrective actions.
    pub findings: Vec<Finding>,
    /// The assessment's audit trail, in order.
    pub trail: Vec<AuditEvent>,
}
