//! Tenken desktop app: a Tauri 2 window over the `tenken` core.
//!
//! The shell opens the database (`TENKEN_DB` or the default), manages one session, and exposes
//! thin commands (`commands.rs`) whose contracts are exported to TypeScript (`bindings.rs`).
//! It has no network access: a strict CSP, no HTTP/shell/updater plugins, only the dialog plugin.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod bundle_cmds;
mod commands;
mod commands_ts;
mod dto;
mod import_cmds;
mod jobs;
mod recent;
mod sign_cmds;
mod state;
mod trail_cmds;
mod views;
mod window;

use std::time::Instant;

fn main() {
    let started = Instant::now();
    let state = state::AppState::open(started);
    if let Some(e) = &state.database().error {
        eprintln!("tenken-app: {e}");
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(window::state_plugin())
        .on_window_event(window::remember_on_change)
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::open_database,
            commands::create_database,
            commands::change_passphrase,
            commands::ready,
            commands::catalogs,
            commands::import_catalog,
            commands::count_in_scope,
            commands::portfolio,
            commands::add_organisation,
            commands::create_assessment,
            commands::open_assessment,
            commands::set_verdict,
            commands::set_note,
            commands::set_last_item,
            commands::add_evidence,
            commands::evidence_thumbnail,
            commands::save_evidence,
            commands::set_status,
            commands::write_template,
            commands::add_finding,
            commands::update_finding,
            commands::score,
            commands::backup,
            commands::restore,
            commands::reopen_assessment,
            import_cmds::import_preview,
            import_cmds::import_commit,
            import_cmds::import_cancel,
            sign_cmds::identities,
            sign_cmds::create_identity,
            sign_cmds::import_identity,
            sign_cmds::export_identity_cert,
            sign_cmds::request_identity,
            sign_cmds::install_certificate,
            sign_cmds::export_defaults,
            sign_cmds::export_report,
            sign_cmds::verify_file,
            bundle_cmds::bundle_export,
            bundle_cmds::bundle_check,
            bundle_cmds::bundle_import,
            bundle_cmds::trusted_roots,
            bundle_cmds::trust_root,
            bundle_cmds::untrust_root,
            trail_cmds::trail_events,
            trail_cmds::verify_trail,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("tenken-app: could not start the window: {e}");
        std::process::exit(1);
    }
}
