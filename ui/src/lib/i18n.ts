// UI language: Japanese by default, English on request; the choice is kept in localStorage.
import { derived, writable } from 'svelte/store';
import ja from '../locales/ja';
import en from '../locales/en';

export type Lang = 'ja' | 'en';
export type MessageKey = keyof typeof ja;

export const messages: Record<Lang, Record<MessageKey, string>> = { ja, en };
const STORAGE_KEY = 'tenken.lang';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The language stored last time, Japanese when none. */
export function initialLang(): Lang {
  const saved = storage()?.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'ja' ? saved : 'ja';
}

export const lang = writable<Lang>(initialLang());
lang.subscribe((l) => {
  storage()?.setItem(STORAGE_KEY, l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
});

/** Translate key in lang, filling {name} placeholders. */
export function translate(l: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = messages[l][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** The translate function for components: `$t(key, vars)`. */
export const t = derived(lang, (l) => (key: MessageKey, vars?: Record<string, string | number>) => translate(l, key, vars));

/** A message from the core (an import warning, a signature finding): its code, parameters and
 * English text, as `Notice` in bindings.ts. */
export type NoticeLike = { code: string; params: { [key in string]?: string }; message: string };

/** A core message in the UI language: the text of its code (`notice.<code>` in the locales) filled
 * with its parameters; its English text when the code has none. */
export function noticeText(l: Lang, n: NoticeLike): string {
  const key = `notice.${n.code}`;
  if (!(key in messages[l])) return n.message;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(n.params)) if (v !== undefined) vars[k] = v;
  return translate(l, key as MessageKey, vars);
}

/** A core error in the UI language, from its code and parameters: the text of
 * `error.<code>.<reason>` when the error names its situation (`params.reason`) and that text
 * exists, else of `error.<code>`, filled with the parameters. A wrapped error shown inside it
 * (`inner.code` or, for a notice, `inner.notice`, with its values as `inner.<name>`) fills
 * `{inner}` in the same language. The English message when the code has no text. */
export function errorText(l: Lang, code: string | undefined, params: { [key in string]?: string }, message: string): string {
  const vars: Record<string, string> = {};
  const inner: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (k.startsWith('inner.')) inner[k.slice('inner.'.length)] = v;
    else vars[k] = v;
  }
  if (inner.code !== undefined) {
    const { code: innerCode, ...rest } = inner;
    vars.inner = errorText(l, innerCode, rest, message);
  } else if (inner.notice !== undefined) {
    const { notice: innerCode, ...rest } = inner;
    vars.inner = noticeText(l, { code: innerCode, params: rest, message });
  }
  if (!code) return message;
  for (const key of [vars.reason === undefined ? '' : `error.${code}.${vars.reason}`, `error.${code}`]) {
    if (key && key in messages[l]) return namingTheFile(translate(l, key as MessageKey, vars), vars.path);
  }
  return message;
}

/** An error about a file says which file, even when its text does not: the path first. */
function namingTheFile(text: string, path: string | undefined): string {
  return path && !text.includes(path) ? `${path}: ${text}` : text;
}

/** The notice function for components: `$notice(n)`. */
export const notice = derived(lang, (l) => (n: NoticeLike) => noticeText(l, n));

/** Pick the text of a catalog's two-language field in the UI language. */
export const pick = derived(lang, (l) => (text: { ja: string; en: string } | null | undefined) => (text ? (l === 'en' && text.en ? text.en : text.ja) : ''));
