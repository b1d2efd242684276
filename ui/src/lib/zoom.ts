// Zoom of the whole UI with Ctrl + / Ctrl − / Ctrl 0, kept in localStorage. Done by the UI (CSS
// `zoom` on the root element) rather than by the webview, so it works the same in WebKitGTK (the
// app, where the webview's own zoom keys are off) and in chromium (the browser tests).
import { writable } from 'svelte/store';

/** The zoom levels Ctrl + and Ctrl − step through, as factors (100 % is 1). */
export const ZOOM_STEPS: readonly number[] = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
export const DEFAULT_ZOOM = 1;
const STORAGE_KEY = 'tenken.zoom';

/** What a zoom key asks for. */
export type ZoomKey = 'in' | 'out' | 'reset';

/** The parts of a KeyboardEvent the decision needs. */
export interface ZoomKeyInput {
  key: string;
  code?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  composing?: boolean;
}

/** The zoom a key press asks for, or null. Ctrl with = or + (and ; where a Japanese keyboard has
 * +), − or _, 0 — on the main keyboard or the numpad. Safe while typing: none of these types. */
export function zoomKey(e: ZoomKeyInput): ZoomKey | null {
  if (e.composing || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  if (e.code === 'NumpadAdd' || e.key === '+' || e.key === '=' || e.key === ';') return 'in';
  if (e.code === 'NumpadSubtract' || e.key === '-' || e.key === '_') return 'out';
  if (e.code === 'Numpad0' || e.code === 'Digit0' || e.key === '0') return 'reset';
  return null;
}

/** The nearest step to a factor (a stored value from another version may be between steps). */
export function nearestStep(factor: number): number {
  return ZOOM_STEPS.reduce((best, s) => (Math.abs(s - factor) < Math.abs(best - factor) ? s : best), DEFAULT_ZOOM);
}

/** The zoom after a key: one step in or out (stopping at the ends), or back to 100 %. */
export function nextZoom(current: number, k: ZoomKey): number {
  if (k === 'reset') return DEFAULT_ZOOM;
  const i = ZOOM_STEPS.indexOf(nearestStep(current));
  const j = Math.max(0, Math.min(ZOOM_STEPS.length - 1, i + (k === 'in' ? 1 : -1)));
  return ZOOM_STEPS[j];
}

/** A stored zoom read back: a known step, 100 % when missing or not a number. */
export function parseZoom(saved: string | null | undefined): number {
  const n = Number(saved);
  return saved && Number.isFinite(n) && n > 0 ? nearestStep(n) : DEFAULT_ZOOM;
}

/** Below this width in CSS pixels (the window's width divided by the zoom) screens lay out for a
 * narrow window: the walkthrough puts its guidance under the item. Set as the class `narrow` on
 * App.svelte's shell by script, as container queries disagree about zoom (chromium measures the
 * zoomed box, WebKitGTK the unzoomed one). */
export const NARROW_BELOW = 960;

/** True when a window innerWidth wide at zoom factor lays out narrow. */
export const isNarrow = (innerWidth: number, factor: number): boolean => innerWidth > 0 && innerWidth / factor < NARROW_BELOW;

/** The zoom as a percentage for people (110 %). */
export const zoomPercent = (factor: number): number => Math.round(factor * 100);

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const zoom = writable<number>(parseZoom(storage()?.getItem(STORAGE_KEY)));
zoom.subscribe((z) => {
  storage()?.setItem(STORAGE_KEY, String(z));
  if (typeof document !== 'undefined') document.documentElement.style.setProperty('zoom', String(z));
});

/** Handle a key press if it is a zoom key; true when it was (the caller then prevents the default). */
export function handleZoomKey(e: ZoomKeyInput): boolean {
  const k = zoomKey(e);
  if (!k) return false;
  zoom.update((z) => nextZoom(z, k));
  return true;
}
