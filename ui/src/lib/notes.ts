// Saves the auditor's note as they type: debounced, and flushed on blur, item change and window
// close. Saves run one after another (never out of order); a failed save keeps the text pending
// so the next flush retries it — a keystroke is never dropped.

/** Persists one note; rejects when it could not be stored. */
export type SaveNote = (item: string, text: string) => Promise<void>;

/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** State shown next to the note field. */
export type NoteState = 'saved' | 'pending' | 'saving' | 'error';

export class NoteSaver {
  private pending = new Map<string, string>();
  private timer: unknown = null;
  private chain: Promise<void> = Promise.resolve();
  private state: NoteState = 'saved';
  private listeners = new Set<(s: NoteState, error?: string) => void>();

  constructor(private save: SaveNote, private delayMs = 400, private timers: Timers = realTimers) {}

  /** Record an edit of item's note; it is saved after the debounce delay. */
  edit(item: string, text: string): void {
    this.pending.set(item, text);
    this.setState('pending');
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Text typed for item but not yet stored, if any. */
  unsaved(item: string): string | undefined {
    return this.pending.get(item);
  }

  /** True when some text is not yet stored. */
  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Save everything pending now; resolves when stored (rejects if a save failed). */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    const batch = [...this.pending.entries()];
    if (batch.length === 0) return this.chain;
    const run = async () => {
      for (const [item, text] of batch) {
        this.setState('saving');
        try {
          await this.save(item, text);
          // Only forget the text if nothing newer was typed meanwhile.
          if (this.pending.get(item) === text) this.pending.delete(item);
        } catch (e) {
          this.setState('error', String(e));
          throw e;
        }
      }
      this.setState(this.pending.size ? 'pending' : 'saved');
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Listen to state changes (returns the unsubscribe function). */
  onState(fn: (s: NoteState, error?: string) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  private setState(s: NoteState, error?: string): void {
    this.state = s;
    for (const l of this.listeners) l(s, error);
  }
}
