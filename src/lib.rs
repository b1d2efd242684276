//! Tenken (点検): the core of an offline security checksheet audit tool.
//!
//! Data flows one way through the modules (see `ARCHITECTURE.md`):
//!
//! ```text
//! file → import → assessment in the store → scoring → report → signature
//! ```
//!
//! * [`catalog`] — the frameworks: requirement texts, commentary, scope dimensions, scoring rule.
//! * [`model`] — the assessment domain types shared by every other module.
//! * [`store`] — the one SQLite database: migrations, mutations with a hash-chained audit trail.
//! * [`signing`] — auditor identities, PAdES-signed PDFs, detached CMS signatures, verification.
//! * [`trail`] — the audit trail as evidence: signed anchors of the chain head, replay of the
//!   trail against the data tables, checks against a signed report or bundle.
//!
//! The core knows nothing about Tauri, the UI or the terminal; the `tenken` binary
//! (`src/main.rs`, `src/cli/`) and the desktop shell (`src-tauri/`) are thin edges over it.

pub mod bundle;
pub mod catalog;
pub mod document;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod import;
pub mod template;
pub mod model;
pub mod paths;
pub mod portfolio;
pub mod report;
pub mod scoring;
pub mod secret;
pub mod session;
pub mod signing;
pub mod store;
pub mod trail;
pub mod workbook;

pub use error::{Error, Result};
