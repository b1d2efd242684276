import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { jobProgress, percent, withProgress } from '../../src/lib/progress';

describe('progress', () => {
  it('turns a report into a bounded percentage', () => {
    expect(percent(null)).toBe(0);
    expect(percent({ job: 'import-read', done: 0, total: 0, current: '' })).toBe(0);
    expect(percent({ job: 'import-read', done: 1, total: 3, current: 'a.xlsx' })).toBe(33);
    expect(percent({ job: 'import-store', done: 5, total: 4, current: '' })).toBe(100);
  });

  it('returns the job result and clears the bar, also when the job fails', async () => {
    jobProgress.set({ job: 'export', done: 1, total: 2, current: 'x' });
    await expect(withProgress(async () => 42)).resolves.toBe(42);
    expect(get(jobProgress)).toBeNull();
    jobProgress.set({ job: 'export', done: 1, total: 2, current: 'x' });
    await expect(withProgress(async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
    expect(get(jobProgress)).toBeNull();
  });
});
