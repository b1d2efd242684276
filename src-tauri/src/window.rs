//! The window's size, position and maximised state, remembered across restarts
//! (tauri-plugin-window-state, in the app's config folder). The plugin saves when the app exits
//! normally; the state is also saved whenever the window is resized or moved, so a laptop that
//! is shut, or an app that is killed, still opens as it was left.

use tauri::{Manager, Runtime, Window, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// What is remembered: not visibility or decorations, which the app does not change.
fn flags() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// The plugin, restoring the remembered state when the window is created.
pub fn state_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default().with_state_flags(flags()).build()
}

/// Save the state after the window was resized or moved (a lost save only means the next start
/// opens at the size before).
pub fn remember_on_change<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
        if let Err(e) = window.app_handle().save_window_state(flags()) {
            eprintln!("tenken-app: could not remember the window's size: {e}");
        }
    }
}
