// Typed calls to the shell's commands. The wrappers are generated from the Rust commands
// (commands.ts) and their argument and result types from the Rust types (bindings.ts), so a
// contract change breaks the UI's type-check instead of the app.
import { get } from 'svelte/store';
import type { CommandError } from './bindings';
import { commands } from './commands';
import { errorText, lang } from './i18n';

/** The text of a failed command in the UI's language, from its code and parameters (see
 * `errorText`); the English message when the code has no text. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as Partial<CommandError>;
    return errorText(get(lang), err.code, err.params ?? {}, String(err.message));
  }
  return String(e);
}

export const api = commands;
