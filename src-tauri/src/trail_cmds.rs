//! The audit trail: its events for an assessment, and its verification — the hash chain, every
//! signed anchor (is its signer trusted here?), the replay against the data tables, and
//! optionally a signed report or bundle checked against the trail (as `tenken log --verify
//! [--against FILE]`).

use std::path::PathBuf;

use tauri::AppHandle;
use tenken::model::{AssessmentId, AuditEvent};

use crate::commands::CmdResult;
use crate::dto::TrailView;
use crate::jobs::on_worker;

/// The trail's events of one assessment (all of them when `id` is absent), oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn trail_events(app: AppHandle, id: Option<AssessmentId>) -> CmdResult<Vec<AuditEvent>> {
    on_worker(app, move |state| {
        let s = state.lock()?;
        if let Some(id) = id {
            s.assessment(id)?;
        }
        Ok(s.events(id)?)
    })
    .await
}

/// Verify the whole trail, and with `against` also that it holds the head a signed PDF report
/// or a bundle carries.
#[tauri::command(rename_all = "snake_case")]
pub async fn verify_trail(app: AppHandle, against: Option<String>) -> CmdResult<TrailView> {
    on_worker(app, move |state| {
        let _job = state.begin_job("trail")?;
        let roots = tenken::paths::trust_anchors();
        let s = state.lock()?;
        let mut report = tenken::trail::verify(&s, &roots)?;
        let against = against.map(|a| PathBuf::from(a.trim())).filter(|a| !a.as_os_str().is_empty());
        if let Some(file) = &against {
            report.add_against(tenken::trail::check_against(&s, file, &roots)?);
        }
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(TrailView {
            ok: report.ok(),
            rows: n(report.rows),
            head_seq: report.head.as_ref().map(|h| h.seq),
            anchors: n(report.anchors.len()),
            anchors_holding: n(report.anchors.iter().filter(|a| a.holds()).count()),
            anchored_to: report.anchored_to,
            against: against.map(|a| a.display().to_string()),
            failures: report.failures,
            notes: report.notes,
        })
    })
    .await
}
