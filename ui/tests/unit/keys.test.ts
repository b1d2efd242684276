import { describe, expect, it } from 'vitest';
import { keyAction, moveIndex } from '../../src/lib/keys';

describe('walkthrough keys', () => {
  it('maps 1–5 to the five verdicts in order', () => {
    expect(['1', '2', '3', '4', '5'].map((key) => keyAction({ key, editing: false }))).toEqual([
      { kind: 'verdict', verdict: 'conforms' },
      { kind: 'verdict', verdict: 'partial' },
      { kind: 'verdict', verdict: 'nonconforming' },
      { kind: 'verdict', verdict: 'na' },
      { kind: 'verdict', verdict: 'unverified' },
    ]);
    expect(keyAction({ key: '6', editing: false })).toBeNull();
    expect(keyAction({ key: '0', editing: false })).toBeNull();
  });

  it('moves with arrows and j/k, searches with /, helps with ?', () => {
    expect(keyAction({ key: 'ArrowDown', editing: false })).toEqual({ kind: 'move', delta: 1 });
    expect(keyAction({ key: 'j', editing: false })).toEqual({ kind: 'move', delta: 1 });
    expect(keyAction({ key: 'ArrowUp', editing: false })).toEqual({ kind: 'move', delta: -1 });
    expect(keyAction({ key: 'k', editing: false })).toEqual({ kind: 'move', delta: -1 });
    expect(keyAction({ key: '/', editing: false })).toEqual({ kind: 'search' });
    expect(keyAction({ key: '?', editing: false })).toEqual({ kind: 'help' });
  });

  it('never steals keys while typing in a field or composing Japanese', () => {
    for (const key of ['1', 'j', 'k', '/', '?', 'ArrowDown']) {
      expect(keyAction({ key, editing: true })).toBeNull();
      expect(keyAction({ key, editing: false, composing: true })).toBeNull();
    }
    expect(keyAction({ key: 'Escape', editing: true })).toEqual({ kind: 'escape' });
  });

  it('ignores shortcuts with modifiers (browser and OS keys keep working)', () => {
    expect(keyAction({ key: '1', ctrlKey: true, editing: false })).toBeNull();
    expect(keyAction({ key: 'k', metaKey: true, editing: false })).toBeNull();
    expect(keyAction({ key: 'j', altKey: true, editing: false })).toBeNull();
  });

  it('clamps moves to the list ends', () => {
    expect(moveIndex(0, -1, 5)).toBe(0);
    expect(moveIndex(4, 1, 5)).toBe(4);
    expect(moveIndex(2, 1, 5)).toBe(3);
    expect(moveIndex(-1, 1, 5)).toBe(0);
    expect(moveIndex(-1, -1, 5)).toBe(4);
    expect(moveIndex(0, 1, 0)).toBe(-1);
  });
});
