// Keyboard handling of the walkthrough, as a pure function so it is testable without a DOM.
import type { Verdict } from './bindings';

/** The verdict each number key sets, in key order 1–5. */
export const VERDICT_KEYS: readonly Verdict[] = ['conforms', 'partial', 'nonconforming', 'na', 'unverified'];

/** What a key press asks the walkthrough to do. */
export type KeyAction =
  | { kind: 'verdict'; verdict: Verdict }
  | { kind: 'move'; delta: number }
  | { kind: 'search' }
  | { kind: 'help' }
  | { kind: 'escape' };

/** The parts of a KeyboardEvent the decision needs. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** True when focus is in a text field (typing there must never trigger shortcuts). */
  editing: boolean;
  /** True while an IME composition is in progress (Japanese input). */
  composing?: boolean;
}

/** Decide what a key press does; null means "not ours, let the browser handle it". */
export function keyAction(e: KeyInput): KeyAction | null {
  if (e.composing) return null;
  if (e.key === 'Escape') return { kind: 'escape' };
  if (e.editing || e.ctrlKey || e.metaKey || e.altKey) return null;
  const n = VERDICT_KEYS.length;
  if (e.key.length === 1 && e.key >= '1' && e.key <= String(n)) {
    return { kind: 'verdict', verdict: VERDICT_KEYS[Number(e.key) - 1] };
  }
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      return { kind: 'move', delta: 1 };
    case 'ArrowUp':
    case 'k':
      return { kind: 'move', delta: -1 };
    case '/':
      return { kind: 'search' };
    case '?':
      return { kind: 'help' };
    default:
      return null;
  }
}

/** The index after moving by delta within a list of length len, clamped to its ends. */
export function moveIndex(current: number, delta: number, len: number): number {
  if (len <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : len - 1;
  return Math.max(0, Math.min(len - 1, current + delta));
}
