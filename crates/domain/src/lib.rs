//! Tenken's domain: what an assessment is, what a framework (catalog) says, and how a result
//! is scored.
//!
//! * [`catalog`] — the frameworks: requirement texts, commentary, scope dimensions, scoring rule;
//!   the built-in catalogs are compiled in from `catalogs/*.toml`.
//! * [`model`] — the assessment types every other crate shares.
//! * [`scoring`] — rates per group and overall, by the catalog's rule.
//! * [`document`] — one whole assessment as a self-describing document (export, bundles, reports).
//! * [`notice`] — warnings and check findings with stable codes, for a person in either language.
//! * [`secret`] — passphrases held in memory that is wiped on drop, and the rule for new ones.
//!
//! Deliberately not here: any I/O (files, the database, the clock is read only by callers that
//! pass dates in), the store, import, rendering, signing. Every crate above depends on this one;
//! it depends on none of them (its manifest lists no Tenken crate and no I/O crate).

pub mod catalog;
pub mod document;
pub mod error;
pub mod model;
pub mod notice;
pub mod scoring;
pub mod secret;

pub use error::{Error, Result};
