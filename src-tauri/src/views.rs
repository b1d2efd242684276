//! Core results turned into the UI's view types (`dto.rs`): field-by-field copies, no logic.

use tenken::import::Reading;
use tenken::signing::{Identity, Verification};

use crate::dto::*;

fn n(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// A serde enum's wire name (`answer`, `xlsx`): the UI shows the same words the JSON uses.
pub fn wire_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_string)).unwrap_or_default()
}

/// A whole reading of one file.
pub fn reading(r: &Reading, organisation: String) -> FileReading {
    FileReading {
        organisation,
        format: wire_name(&r.format),
        sheet: r.sheet.clone(),
        header_row: r.header_row,
        columns: r.columns.iter().map(|(role, letters)| ColumnView { role: wire_name(role), letters: letters.clone() }).collect(),
        answer_column: r.answer_column.clone(),
        cover: r.cover.clone(),
        counts: r.counts,
        extra_items: r.extra_items.iter().map(|x| x.item.id.clone()).collect(),
        extra_count: n(r.extra_items.len()),
        warnings: r.warnings.clone(),
        errors: r.errors.clone(),
    }
}

/// The summary of one file of a folder.
pub fn summary(s: &tenken::import::preview::FileSummary) -> FileReading {
    FileReading {
        organisation: s.organisation.clone(),
        format: wire_name(&s.format),
        sheet: s.sheet.clone(),
        header_row: s.header_row,
        columns: Vec::new(),
        answer_column: None,
        cover: s.cover.clone(),
        counts: s.counts,
        extra_items: Vec::new(),
        extra_count: n(s.extra_items),
        warnings: s.warnings.clone(),
        errors: s.errors.clone(),
    }
}

/// A signing identity's public parts.
pub fn identity(i: &Identity) -> IdentityInfo {
    IdentityInfo {
        id: i.id.clone(),
        name: i.name.clone(),
        org: i.org.clone(),
        email: i.email.clone(),
        kind: wire_name(&i.kind),
        created: i.created.to_rfc3339(),
        cert_fingerprint: i.cert_fingerprint.clone(),
        not_after: i.not_after.map(|d| d.to_rfc3339()),
        folder: i.folder.display().to_string(),
    }
}

/// A signature check.
pub fn verification(file: &std::path::Path, v: &Verification) -> VerificationView {
    VerificationView {
        file: file.display().to_string(),
        status: v.status,
        valid: v.is_valid(),
        problems: v.problems.clone(),
        notes: v.notes.clone(),
        signer: v.signer.as_ref().map(|s| s.subject.common_name.clone()),
        signer_org: v.signer.as_ref().and_then(|s| s.subject.organisation.clone()),
        cert_sha256: v.signer.as_ref().map(|s| s.cert_sha256.clone()),
        signing_time: v.signing_time.map(|t| t.to_rfc3339()),
        root_name: v.chain.root_name.clone(),
        chain_ok: v.chain.chain_ok,
        root_trusted: v.chain.root_trusted,
        path: v
            .chain
            .path
            .iter()
            .map(|e| PathElementView { subject: e.subject.clone(), sha256: e.sha256.clone(), role: e.role, embedded: e.embedded })
            .collect(),
        path_failure: v.chain.failure.clone(),
    }
}
