import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { announce, announceError, announcements, nextText, progressStep, spoken } from '../../src/lib/announce';

describe('announce', () => {
  it('says a text once, and marks it when it is said again so the region changes', () => {
    expect(nextText('', '保存済み')).toBe('保存済み');
    const again = nextText('保存済み', '保存済み');
    expect(again).not.toBe('保存済み');
    expect(spoken(again)).toBe('保存済み');
    // A third time drops the mark again: every repeat changes the region's text.
    expect(nextText(again, '保存済み')).toBe('保存済み');
    expect(nextText('保存済み', '別の文')).toBe('別の文');
  });

  it('puts saves in the polite region and errors in the assertive one', () => {
    announcements.set({ polite: '', assertive: '' });
    announce('メモを保存しました');
    announceError('パスフレーズが違います');
    expect(get(announcements)).toEqual({ polite: 'メモを保存しました', assertive: 'パスフレーズが違います' });
    announce('メモを保存しました');
    expect(spoken(get(announcements).polite)).toBe('メモを保存しました');
    expect(get(announcements).polite).not.toBe('メモを保存しました');
  });

  it('says nothing for a blank text or a cleared error', () => {
    announcements.set({ polite: 'before', assertive: 'before' });
    announce('   ');
    announceError('');
    announceError(null);
    announceError(undefined);
    expect(get(announcements)).toEqual({ polite: 'before', assertive: 'before' });
  });

  it('reports progress each quarter, not every file, and not 0 or 100 %', () => {
    expect(progressStep(0, 10)).toBeNull();
    expect(progressStep(0, 25)).toBe(25);
    expect(progressStep(25, 40)).toBeNull();
    expect(progressStep(25, 80)).toBe(75);
    expect(progressStep(75, 99)).toBeNull();
    expect(progressStep(75, 100)).toBeNull();
    expect(progressStep(50, 60, 10)).toBe(60);
  });
});
