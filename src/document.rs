//! The whole assessment as one self-describing document: what `tenken export --json` writes,
//! what a bundle carries between machines, and what the reports are rendered from.
//!
//! The JSON schema is this module's types; `format` names its version. Field names are stable:
//! a change that other tools would notice bumps [`FORMAT`].
//!
//! Invariant: a document is a snapshot read from the store; nothing here writes.

use serde::{Deserialize, Serialize};

use crate::catalog::{Item, Source, Text2};
use crate::error::Result;
use crate::model::*;
use crate::session::Session;

/// The format tag of [`AssessmentDocument`].
pub const FORMAT: &str = "tenken.assessment/1";

/// The catalog an assessment was made against, by reference (the texts live in the catalog).
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

/// Read a whole assessment from the session's store.
pub fn read(session: &Session, id: AssessmentId) -> Result<AssessmentDocument> {
    let store = &session.store;
    let assessment = store.assessment(id)?;
    let organisation = store.organisation(&crate::model::OrgRef::Id(assessment.organisation_id))?;
    let site = assessment.site_id.and_then(|sid| organisation.sites.iter().find(|s| s.id == sid).map(|s| s.name.clone()));
    let cat = session.catalog(&assessment.catalog_id, Some(&assessment.catalog_version))?;
    let previous_uid = match assessment.previous_revision {
        Some(p) => Some(store.assessment(p)?.uid),
        None => None,
    };
    Ok(AssessmentDocument {
        previous_uid,
        format: FORMAT.to_string(),
        exported_at: crate::store::now_utc(),
        generator: format!("tenken {}", env!("CARGO_PKG_VERSION")),
        catalog: CatalogRef {
            id: cat.id.clone(),
            version: cat.version.clone(),
            title: cat.title.clone(),
            publisher: cat.publisher.clone(),
            source: cat.source.clone(),
            draft: cat.draft,
        },
        results: store.item_results(id)?,
        extra_items: store.extra_items(id)?,
        evidence: store.evidence(id)?,
        findings: store.findings(id)?,
        trail: store.events(Some(id))?,
        organisation,
        site,
        assessment,
    })
}
