//! What the edges read and manage through a [`Session`]: the stored records, the database's
//! own state, backups, and the few changes that need no catalog. Each passes through to the
//! store, so no edge ever holds the store or opens a transaction itself.

use std::path::Path;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::model::*;
use crate::session::Session;
use tenken_store::{ChainCheck, FindingPatch, NewOrganisation, OpenOptions, Store};

impl Session {
    /// Open (or, with `opts.create`, create) the database at `path`, with the built-in catalogs
    /// and the user catalogs of `user_catalogs`.
    pub fn open(path: &Path, opts: &OpenOptions, user_catalogs: Option<&Path>) -> Result<Session> {
        Session::with_catalogs_from(Store::open(path, opts)?, user_catalogs)
    }

    /// Open the database at `path` with exactly these catalogs (tests, tools).
    pub fn open_with(path: &Path, opts: &OpenOptions, catalogs: Vec<Catalog>) -> Result<Session> {
        Ok(Session::new(Store::open(path, opts)?, catalogs))
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    /// Whether the database is encrypted (SQLCipher).
    pub fn is_encrypted(&self) -> bool {
        self.store.is_encrypted()
    }

    /// Change the database's passphrase, encrypt a plain database (`Some`) or remove the
    /// encryption (`None`): a checked copy under the new key replaces the file; before that the
    /// database is untouched. The session stays open on it.
    pub fn change_passphrase(&mut self, new: Option<&crate::secret::Passphrase>) -> Result<()> {
        Ok(self.store.change_passphrase(new)?)
    }

    /// The schema version stamped in the database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.store.schema_version()?)
    }

    /// SQLite's `integrity_check`: empty when the file is sound.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        Ok(self.store.integrity_check()?)
    }

    /// Check the audit trail's hash chain.
    pub fn verify_chain(&self) -> Result<ChainCheck> {
        Ok(self.store.verify_chain()?)
    }

    /// Copy the database to `dest` (a new file), encrypted with `passphrase` when given.
    pub fn backup_to(&self, dest: &Path, passphrase: Option<&str>) -> Result<()> {
        Ok(tenken_store::backup_to(&self.store, dest, passphrase)?)
    }

    /// Replace the database's contents with the backup at `src` (checked first).
    pub fn restore_from(&mut self, src: &Path, passphrase: Option<&str>) -> Result<()> {
        Ok(tenken_store::restore_from(&mut self.store, src, passphrase)?)
    }

    /// Every organisation.
    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        Ok(self.store.organisations()?)
    }

    /// An organisation by id or exact name.
    pub fn organisation(&self, key: &OrgRef) -> Result<Organisation> {
        Ok(self.store.organisation(key)?)
    }

    /// An organisation by id or exact name, if it exists.
    pub fn find_organisation(&self, key: &OrgRef) -> Result<Option<Organisation>> {
        Ok(self.store.find_organisation(key)?)
    }

    /// The organisation whose id a name made of digits spells, when no organisation has that name.
    pub fn organisation_id_lookalike(&self, name: &str) -> Result<Option<Organisation>> {
        Ok(self.store.organisation_id_lookalike(name)?)
    }

    /// Add an organisation (name trimmed, a blank code as none).
    pub fn add_organisation(&mut self, new: &NewOrganisation) -> Result<Organisation> {
        let new = new.clone().tidied();
        Ok(self.store.write(|w| w.add_organisation(&new))?)
    }

    /// One assessment.
    pub fn assessment(&self, id: AssessmentId) -> Result<Assessment> {
        Ok(self.store.assessment(id)?)
    }

    /// The assessments, of one organisation or of all.
    pub fn assessments(&self, organisation: Option<OrgId>) -> Result<Vec<Assessment>> {
        Ok(self.store.assessments(organisation)?)
    }

    /// An assessment's item results (answers and verdicts), in item order.
    pub fn item_results(&self, id: AssessmentId) -> Result<Vec<ItemResult>> {
        Ok(self.store.item_results(id)?)
    }

    /// One item's result, if recorded.
    pub fn item_result(&self, id: AssessmentId, item: &str) -> Result<Option<ItemResult>> {
        Ok(self.store.item_result(id, item)?)
    }

    /// An assessment's evidence (metadata).
    pub fn evidence(&self, id: AssessmentId) -> Result<Vec<Evidence>> {
        Ok(self.store.evidence(id)?)
    }

    /// The bytes of one evidence file.
    pub fn evidence_bytes(&self, evidence_id: i64) -> Result<Vec<u8>> {
        Ok(self.store.evidence_bytes(evidence_id)?)
    }

    /// Write an evidence file's stored bytes to `dest` (a new file, written atomically and
    /// private: evidence may be confidential); returns its size. An existing file is refused.
    pub fn save_evidence(&self, evidence_id: i64, dest: &Path) -> Result<u64> {
        let bytes = self.store.evidence_bytes(evidence_id)?;
        if dest.exists() {
            return Err(tenken_store::Error::from(tenken_store::error::Invalid::FileExists { path: dest.display().to_string() }).into());
        }
        tenken_fsutil::write_private_atomically(dest, &bytes).map_err(|e| Error::io(dest, e))?;
        Ok(bytes.len() as u64)
    }

    /// An assessment's findings and corrective actions.
    pub fn findings(&self, id: AssessmentId) -> Result<Vec<Finding>> {
        Ok(self.store.findings(id)?)
    }

    /// The audit trail, of one assessment or the whole database.
    pub fn events(&self, assessment: Option<AssessmentId>) -> Result<Vec<AuditEvent>> {
        Ok(self.store.events(assessment)?)
    }

    /// The local id of the assessment with this uid (as carried by documents and bundles), if here.
    pub fn assessment_id_by_uid(&self, uid: &str) -> Result<Option<AssessmentId>> {
        Ok(self.store.assessment_id_by_uid(uid)?)
    }

    /// Where an assessment imported from a bundle came from (`None` for one made here).
    pub fn bundle_provenance(&self, id: AssessmentId) -> Result<Option<BundleProvenance>> {
        Ok(self.store.bundle_provenance(id)?)
    }

    /// Change a finding.
    pub fn update_finding(&mut self, finding_id: i64, patch: &FindingPatch) -> Result<Finding> {
        Ok(self.store.write(|w| w.update_finding(finding_id, patch))?)
    }

    /// Set an assessment's status (draft, in review …; signing is done by the export).
    pub fn set_status(&mut self, id: AssessmentId, status: AssessmentStatus) -> Result<()> {
        Ok(self.store.write(|w| w.set_status(id, status))?)
    }

    /// Reopen a signed assessment as a new revision; returns the new one.
    pub fn reopen(&mut self, id: AssessmentId) -> Result<Assessment> {
        Ok(self.store.write(|w| w.reopen(id))?)
    }
}
