// Progress of long jobs (import, export) sent by the shell as the `progress` event.
import { writable } from 'svelte/store';
import type { JobProgress } from './bindings';

/** The latest progress report, or null when no job is running. */
export const jobProgress = writable<JobProgress | null>(null);

/** Listen for progress events while `job` runs; always clears the bar afterwards. */
export async function withProgress<T>(job: () => Promise<T>): Promise<T> {
  let stop: (() => void) | null = null;
  try {
    const { listen } = await import('@tauri-apps/api/event');
    stop = await listen<JobProgress>('progress', (e) => jobProgress.set(e.payload));
  } catch {
    // No event channel (e.g. a test without the shell): the job still runs, without a bar.
  }
  try {
    return await job();
  } finally {
    stop?.();
    jobProgress.set(null);
  }
}

/** Percentage done of a progress report (0–100). */
export function percent(p: JobProgress | null): number {
  if (!p || p.total === 0) return 0;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}
