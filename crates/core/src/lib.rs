//! Tenken (点検): the application layer of an offline security checksheet audit tool — the one
//! façade the two edges (the `tenken` CLI and the desktop shell) are built on.
//!
//! Data flows one way through the layers (see `ARCHITECTURE.md`):
//!
//! ```text
//! file → import → assessment in the store → scoring → report → signature
//! ```
//!
//! * [`session`] — a [`Session`] holds the store and the catalogs; every operation an auditor
//!   performs on an assessment is a method of it. The store is reached only through it.
//! * [`import`] — reading a checksheet (`tenken-import`) and committing a reading to the store.
//! * [`export`] — the signed PDF report, the Excel results and the JSON document of an assessment.
//! * [`bundle`] — signed zip bundles that carry assessments between machines.
//! * [`portfolio`] — every assessment at a glance, with progress and open actions.
//! * [`trail`] — the audit trail as evidence: signed anchors, replay, checks against a report.
//! * [`paths`] — where the database, identities, trust list and user catalogs live.
//!
//! The lower layers are re-exported for the types the edges pass in and show: [`model`],
//! [`catalog`], [`scoring`] and [`secret`] (the domain), [`signing`], [`report`], [`workbook`].
//! The store is not: no edge opens a transaction or reads a table except through [`Session`].
//!
//! Deliberately not here: the terminal (clap, progress bars, prompts) and the window (Tauri);
//! this crate's manifest has neither, so an edge cannot leak into it.

pub mod bundle;
pub mod catalogs;
pub mod document;
pub mod error;
pub mod export;
pub mod import;
pub mod paths;
pub mod portfolio;
mod records;
pub mod session;
pub mod store;
pub mod trail;
pub mod trail_notice;

pub use tenken_domain::{catalog, model, notice, scoring, secret};
pub use tenken_fsutil as fsutil;
pub use tenken_report as report;
pub use tenken_signing as signing;
pub use tenken_workbook as workbook;
pub use tenken_workbook::template;

pub use error::{Error, Result};
pub use session::Session;

/// Every code an import warning, a signature finding or an audit-trail finding can carry (a
/// [`notice::Notice`]): the UI
/// has a Japanese and an English text for each (a test of the app checks), and scripts may match
/// on them.
pub fn notice_codes() -> std::collections::BTreeSet<&'static str> {
    [tenken_import::notices::RowNotice::CODES, tenken_signing::remark::Remark::CODES, trail_notice::TrailNotice::CODES]
        .concat()
        .into_iter()
        .collect()
}
