//! A working session: the store together with the catalogs, offering the operations an auditor
//! performs on an assessment. The CLI and the desktop shell both call these, so the two cannot
//! drift apart: neither validates items, scopes or files on its own.
//!
//! Invariant: every check that needs a catalog (does this item exist, is this scope valid) lives
//! here, not in the store (which knows no catalogs) and not in the edges.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::{self, Catalog, CatalogSet};
use crate::error::{Error, Invalid, Result};
use crate::model::*;
use tenken_store::{NewAssessment, NewEvidence, NewFinding, Store};

/// The store and the catalogs it is used with.
pub struct Session {
    /// The open database.
    pub(crate) store: Store,
    catalogs: CatalogSet,
}

/// What a new assessment needs, as a user gives it (organisation by name, catalog by id).
#[derive(Debug, Clone)]
pub struct AssessmentRequest {
    /// The organisation, by id or by exact name.
    pub organisation: OrgRef,
    /// Create the organisation (as a supplier) if it is named and does not exist.
    pub create_org: bool,
    /// Site name.
    pub site: Option<String>,
    /// Catalog id.
    pub catalog_id: String,
    /// Catalog version (newest when `None`).
    pub catalog_version: Option<String>,
    /// Scope choices.
    pub scope: Scope,
    /// Kind.
    pub kind: AssessmentKind,
    /// Auditor.
    pub auditor: Option<String>,
    /// First day.
    pub started_on: Option<NaiveDate>,
    /// Last day.
    pub ended_on: Option<NaiveDate>,
}

/// Corrective actions of an assessment that are not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OpenActions {
    /// Not done.
    pub open: usize,
    /// Not done and past their due date.
    pub overdue: usize,
}

impl OpenActions {
    /// Count the findings whose corrective action is not done, and those past due on `today`.
    pub fn of(findings: &[Finding], today: NaiveDate) -> OpenActions {
        let open: Vec<&Finding> = findings.iter().filter(|f| f.status != ActionStatus::Done).collect();
        let overdue = open.iter().filter(|f| f.due_date.is_some_and(|d| d < today)).count();
        OpenActions { open: open.len(), overdue }
    }
}

/// How far the walkthrough of an assessment has come.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Items in scope.
    pub in_scope: usize,
    /// In-scope items with a verdict other than unverified.
    pub verified: usize,
    /// In-scope items the supplier answered.
    pub answered: usize,
    /// The item worked on last, to resume there.
    pub last_item: Option<String>,
}

impl Session {
    /// A session over `store` with the given catalogs.
    pub fn new(store: Store, catalogs: Vec<Catalog>) -> Self {
        Session { store, catalogs: CatalogSet::from_list(catalogs) }
    }

    /// A session with the built-in catalogs and the user catalogs of `user_dir`.
    pub fn with_catalogs_from(store: Store, user_dir: Option<&Path>) -> Result<Self> {
        Ok(Session { store, catalogs: crate::catalogs::load_set(user_dir)? })
    }

    /// Read the built-in and user catalogs again (after a catalog was imported into `user_dir`).
    pub fn reload_catalogs(&mut self, user_dir: Option<&Path>) -> Result<()> {
        self.catalogs = crate::catalogs::load_set(user_dir)?;
        Ok(())
    }

    /// The catalogs available.
    pub fn catalogs(&self) -> &[Catalog] {
        self.catalogs.all()
    }

    /// A catalog by id (and version; newest when `None`), parsing only that one.
    pub fn catalog(&self, id: &str, version: Option<&str>) -> Result<&Catalog> {
        Ok(self.catalogs.find(id, version)?)
    }

    /// The catalog an assessment was made against, extended with the items its imported sheet
    /// carried that the catalog lacks.
    pub fn catalog_of(&self, a: &Assessment) -> Result<Catalog> {
        let base = self.catalog(&a.catalog_id, Some(&a.catalog_version))?;
        let extra = self.store.extra_items(a.id)?;
        Ok(base.extended(&extra))
    }

    /// Create an assessment after checking the catalog and scope.
    pub fn create_assessment(&mut self, req: &AssessmentRequest) -> Result<Assessment> {
        let cat = self.catalog(&req.catalog_id, req.catalog_version.as_deref())?;
        catalog::validate_scope(cat, &req.scope)?;
        let (cid, cver) = (cat.id.clone(), cat.version.clone());
        self.store.write_as(|w| -> Result<_> {
            let org = match &req.organisation {
                OrgRef::Name(name) if req.create_org => w.ensure_organisation(name, OrgKind::Supplier)?,
                key => tenken_store::read_organisation(w, key)?,
            };
            Ok(w.create_assessment(&NewAssessment {
                organisation_id: org.id,
                site: req.site.clone(),
                catalog_id: cid,
                catalog_version: cver,
                scope: req.scope.clone(),
                kind: req.kind,
                auditor: req.auditor.clone(),
                started_on: req.started_on,
                ended_on: req.ended_on,
            })?)
        })
    }

    /// Resolve an item id as typed (`49`, `Ⅲ. 1. 1. 1`) to the catalog's id, or say which exist.
    pub fn resolve_item(&self, a: &Assessment, typed: &str) -> Result<String> {
        let cat = self.catalog_of(a)?;
        let wanted = normalise_item_id(typed);
        cat.items.iter().find(|i| normalise_item_id(&i.id) == wanted).map(|i| i.id.clone()).ok_or_else(|| {
            let (catalog, version) = (cat.id.clone(), cat.version.clone());
            Error::from(Invalid::ItemNotInCatalog { item: typed.to_string(), catalog, version, examples: sample_ids(&cat) })
        })
    }

    /// Record a verdict on an item (and the note when given).
    pub fn set_verdict(&mut self, id: AssessmentId, item: &str, verdict: Verdict, note: Option<&str>) -> Result<String> {
        let a = self.store.assessment(id)?;
        let item = self.resolve_item(&a, item)?;
        self.store.write(|w| w.set_verdict(id, &item, verdict, note))?;
        Ok(item)
    }

    /// Record the auditor's note on an item.
    pub fn set_note(&mut self, id: AssessmentId, item: &str, note: &str) -> Result<String> {
        let a = self.store.assessment(id)?;
        let item = self.resolve_item(&a, item)?;
        self.store.write(|w| w.set_note(id, &item, note))?;
        Ok(item)
    }

    /// Store a file as evidence for items of an assessment.
    pub fn add_evidence_file(&mut self, id: AssessmentId, items: &[String], file: &Path) -> Result<Evidence> {
        let a = self.store.assessment(id)?;
        let items = items.iter().map(|i| self.resolve_item(&a, i)).collect::<Result<Vec<_>>>()?;
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::from(Invalid::NotAFile { path: file.display().to_string() }))?;
        Ok(self
            .store
            .write(|w| w.add_evidence(id, &NewEvidence { file_name, media_type: None, bytes, role: EvidenceRole::Supporting, items }))?)
    }

    /// Add a finding (the item, when given, is checked against the catalog).
    pub fn add_finding(&mut self, new: NewFinding) -> Result<Finding> {
        let mut new = new.tidied();
        let a = self.store.assessment(new.assessment_id)?;
        if let Some(item) = &new.item_id {
            new.item_id = Some(self.resolve_item(&a, item)?);
        }
        Ok(self.store.write(|w| w.add_finding(&new))?)
    }

    /// Score an assessment: the catalog's rule over the supplier's answers and the auditor's
    /// verdicts, with the number of findings whose corrective action is not done.
    pub fn score(&self, id: AssessmentId) -> Result<crate::scoring::ScoreReport> {
        let a = self.store.assessment(id)?;
        let cat = self.catalog_of(&a)?;
        let open = self.open_actions(id, chrono::Local::now().date_naive())?.open;
        Ok(crate::scoring::score(&cat, &a.scope, &self.store.item_results(id)?, open)?)
    }

    /// Corrective actions not done yet, and how many of them are past due on `today`.
    pub fn open_actions(&self, id: AssessmentId, today: NaiveDate) -> Result<OpenActions> {
        Ok(OpenActions::of(&self.store.findings(id)?, today))
    }

    /// Remember the item the auditor is on ("resume where I left off").
    pub fn set_last_item(&mut self, id: AssessmentId, item: &str) -> Result<String> {
        let a = self.store.assessment(id)?;
        let item = self.resolve_item(&a, item)?;
        self.store.write(|w| w.set_last_item(id, &item))?;
        Ok(item)
    }

    /// Walkthrough progress of an assessment.
    pub fn progress(&self, id: AssessmentId) -> Result<Progress> {
        let a = self.store.assessment(id)?;
        let cat = self.catalog_of(&a)?;
        crate::portfolio::progress(&cat, &a, &self.store.item_results(id)?, self.store.last_item(id)?)
    }
}

/// An item id in comparable form: NFKC, Roman numerals as ASCII, no spaces, no trailing dot.
pub fn normalise_item_id(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let t: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
    t.trim_end_matches('.').to_string()
}

fn sample_ids(cat: &Catalog) -> String {
    let ids: Vec<&str> = cat.items.iter().take(3).map(|i| i.id.as_str()).collect();
    ids.join(", ")
}

#[cfg(test)]
mod tests {
    use super::normalise_item_id;

    #[test]
    fn item_ids_compare_across_widths_and_numerals() {
        assert_eq!(normalise_item_id("Ⅲ. 1. 1. 1"), "III.1.1.1");
        assert_eq!(normalise_item_id("１３"), "13");
        assert_eq!(normalise_item_id(" 49 "), "49");
    }
}
