// What the app says to a screen reader: saves, progress and results politely (the status region
// in App.svelte), errors assertively (its alert region). Screens call announce() or
// announceError(); nothing here touches the DOM, so it is testable in node.
import { writable } from 'svelte/store';

export type Politeness = 'polite' | 'assertive';

/** The text of each live region. */
export interface Announcements {
  polite: string;
  assertive: string;
}

// A zero-width space: added to or dropped from a text said again, so the region's text changes
// and a screen reader reads it again ("保存済み" after every note save, not only the first).
const AGAIN = '\u200b';

/** The region's next text for `text`: the text itself, or it marked when it is said again. */
export function nextText(previous: string, text: string): string {
  if (previous === text) return text + AGAIN;
  return text;
}

/** The text of a region without the repeat mark (what a person hears). */
export function spoken(regionText: string): string {
  return regionText.endsWith(AGAIN) ? regionText.slice(0, -AGAIN.length) : regionText;
}

export const announcements = writable<Announcements>({ polite: '', assertive: '' });

/** Say text in the status region (polite) or the alert region (assertive); blank says nothing. */
export function announce(text: string, politeness: Politeness = 'polite'): void {
  const said = text.trim();
  if (!said) return;
  announcements.update((a) => ({ ...a, [politeness]: nextText(a[politeness], said) }));
}

/** Say an error at once (assertive); an empty error (cleared) says nothing. */
export function announceError(text: string | null | undefined): void {
  if (text) announce(text, 'assertive');
}

/** The progress step (in percent, a multiple of `step`) reached going from `before` to `now`,
 * or null when no new step was reached: long jobs are announced every quarter, not per file. */
export function progressStep(before: number, now: number, step = 25): number | null {
  const reached = Math.floor(now / step) * step;
  if (reached <= 0 || reached >= 100) return null;
  return reached > before ? reached : null;
}
