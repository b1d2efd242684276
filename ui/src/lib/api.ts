// Typed calls to the shell's commands. The wrappers are generated from the Rust commands
// (commands.ts) and their argument and result types from the Rust types (bindings.ts), so a
// contract change breaks the UI's type-check instead of the app.
import { get } from 'svelte/store';
import type { CommandError } from './bindings';
import { commands } from './commands';
import { lang, messages, translate, type MessageKey } from './i18n';

/** The text of a failed command in the UI's language: the text of its code (`error.<code>` in the
 * locales) filled with its parameters; the English message when the code has no text. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as Partial<CommandError>;
    const key = `error.${err.code ?? ''}`;
    const l = get(lang);
    if (err.code && key in messages[l]) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(err.params ?? {})) if (v !== undefined) params[k] = v;
      return translate(l, key as MessageKey, params);
    }
    return String(err.message);
  }
  return String(e);
}

export const api = commands;
