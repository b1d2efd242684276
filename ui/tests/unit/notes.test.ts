import { describe, expect, it, vi } from 'vitest';
import { NoteSaver, type NoteState } from '../../src/lib/notes';

function saverWithLog(delay = 400) {
  const saved: [string, string][] = [];
  const save = vi.fn(async (item: string, text: string) => {
    saved.push([item, text]);
  });
  return { saver: new NoteSaver(save, delay), saved, save };
}

describe('note saving', () => {
  it('debounces typing into one save of the latest text', async () => {
    vi.useFakeTimers();
    const { saver, saved } = saverWithLog();
    saver.edit('1', 'a');
    saver.edit('1', 'ab');
    saver.edit('1', 'abc');
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(399);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([['1', 'abc']]);
    expect(saver.hasPending()).toBe(false);
    vi.useRealTimers();
  });

  it('flush saves at once (blur, item change, window close) and cancels the timer', async () => {
    vi.useFakeTimers();
    const { saver, saved } = saverWithLog();
    saver.edit('1', 'note one');
    saver.edit('2', 'note two');
    await saver.flush();
    expect(saved).toEqual([['1', 'note one'], ['2', 'note two']]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved.length).toBe(2);
    vi.useRealTimers();
  });

  it('keeps text that failed to save and retries it on the next flush', async () => {
    let fail = true;
    const saved: string[] = [];
    const states: NoteState[] = [];
    const saver = new NoteSaver(async (_item, text) => {
      if (fail) throw new Error('database is busy');
      saved.push(text);
    });
    saver.onState((s) => states.push(s));
    saver.edit('1', 'important');
    await expect(saver.flush()).rejects.toThrow('busy');
    expect(saver.unsaved('1')).toBe('important');
    expect(states).toContain('error');
    fail = false;
    await saver.flush();
    expect(saved).toEqual(['important']);
    expect(saver.hasPending()).toBe(false);
    expect(states[states.length - 1]).toBe('saved');
  });

  it('saves in order and does not forget text typed while a save is in flight', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const saver = new NoteSaver(async (_item, text) => {
      if (text === 'first') await gate;
      order.push(text);
    });
    saver.edit('1', 'first');
    const p1 = saver.flush();
    saver.edit('1', 'first and more');
    const p2 = saver.flush();
    release();
    await Promise.all([p1, p2]);
    expect(order).toEqual(['first', 'first and more']);
    expect(saver.hasPending()).toBe(false);
  });
});
