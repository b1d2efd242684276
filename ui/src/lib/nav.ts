// Which screen is shown. A tiny store instead of a router: the app has no URLs to keep.
import { writable } from 'svelte/store';

export type Screen =
  | { name: 'home' }
  | { name: 'new-org' }
  | { name: 'new-assessment'; orgId?: number }
  | { name: 'import' }
  | { name: 'walk'; id: number }
  | { name: 'summary'; id: number }
  | { name: 'export'; id: number }
  | { name: 'settings' };

export const screen = writable<Screen>({ name: 'home' });
export const go = (s: Screen) => screen.set(s);
