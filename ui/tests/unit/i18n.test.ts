import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { messages, noticeText, translate } from '../../src/lib/i18n';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.(svelte|ts)$/.test(f) ? [p] : [];
  });
}

describe('i18n', () => {
  it('has every key in both languages, none empty', () => {
    const ja = Object.keys(messages.ja).sort();
    const en = Object.keys(messages.en).sort();
    expect(en).toEqual(ja);
    for (const l of ['ja', 'en'] as const) for (const [k, v] of Object.entries(messages[l])) expect(v.trim(), `${l} ${k}`).not.toBe('');
  });

  it('keeps the same placeholders in both languages', () => {
    for (const k of Object.keys(messages.ja) as (keyof typeof messages.ja)[]) {
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(messages.en[k]), k).toEqual(ph(messages.ja[k]));
    }
  });

  it('every literal key used in the UI exists', () => {
    const used = new Set<string>();
    for (const f of sources(join(__dirname, '../../src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\$t\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const k of used) expect(messages.ja, k).toHaveProperty([k]);
  });

  it('every templated key family used in the UI exists for each value', () => {
    const families: Record<string, string[]> = {
      verdict: ['conforms', 'partial', 'nonconforming', 'na', 'unverified'],
      answer: ['implemented', 'partial', 'not_implemented', 'not_applicable', 'unanswered'],
      severity: ['critical', 'major', 'minor', 'observation'],
      action: ['open', 'in_progress', 'done'],
      status: ['draft', 'in_review', 'signed'],
      'walk.note': ['saved', 'pending', 'saving', 'error'],
    };
    for (const [prefix, values] of Object.entries(families))
      for (const v of values) for (const l of ['ja', 'en'] as const) expect(messages[l], `${l} ${prefix}.${v}`).toHaveProperty([`${prefix}.${v}`]);
  });

  it('fills placeholders', () => {
    expect(translate('ja', 'walk.progress', { verified: 3, total: 34 })).toBe('確認済み 3 / 対象 34');
    expect(translate('en', 'walk.progress', { verified: 3, total: 34 })).toBe('3 verified of 34 in scope');
  });

  it('shows a core notice by its code, in the UI language', () => {
    const n = { code: 'import.row_repeated', params: { id: '3.1', first_row: '9' }, message: 'No. 3.1 appears again (first at row 9); this row is ignored' };
    expect(noticeText('ja', n)).toBe('No. 3.1 が再び現れました（最初は 9 行目）。この行は読み込みません。');
    expect(noticeText('en', n)).toBe(n.message);
  });

  it('falls back to the English text of a notice whose code has no text', () => {
    const n = { code: 'import.from_a_newer_core', params: {}, message: 'something new' };
    expect(noticeText('ja', n)).toBe('something new');
  });
});
