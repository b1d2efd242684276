//! Reading a whole assessment as one [`AssessmentDocument`] (the types live in the domain crate).
//!
//! Invariant: a document is a snapshot read from the store; nothing here writes.

pub use tenken_domain::document::*;

use crate::error::Result;
use crate::model::*;
use crate::session::Session;

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
        exported_at: tenken_store::now_utc(),
        generator: format!("tenken {}", env!("CARGO_PKG_VERSION")),
        catalog: CatalogRef::of(cat),
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
