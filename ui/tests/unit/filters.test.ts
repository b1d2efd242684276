import { describe, expect, it } from 'vitest';
import { emptyFilter, isDiscrepancy, matches } from '../../src/lib/filters';
import type { Item, ItemResult } from '../../src/lib/bindings';

const item = (id: string, level: number, group: string, requirement: string): Item => ({
  id, group, level, class: null, title: null, purpose: null, requirement, condition: null, criteria: null,
  best_practices: [], evaluation: [], commentary: [], applicability: [], need: null, notes: [],
});
const result = (item_id: string, answer: ItemResult['answer'], verdict: ItemResult['verdict']): ItemResult => ({
  item_id, answer, answer_raw: null, remark: null, verdict, note: null, updated_at: '',
});

const items = [item('1', 1, 'A', '情報セキュリティ方針を定める'), item('2', 1, 'B', 'ＵＳＢメモリの利用を制限する'), item('3', 2, 'B', 'ログを保存する')];
const results: Record<string, ItemResult> = {
  '1': result('1', 'implemented', 'unverified'),
  '2': result('2', 'implemented', 'nonconforming'),
};
const shown = (f: Partial<ReturnType<typeof emptyFilter>>) =>
  items.filter((i) => matches(i, results[i.id], { ...emptyFilter(), ...f })).map((i) => i.id);

describe('walkthrough filters', () => {
  it('shows everything with the empty filter', () => expect(shown({})).toEqual(['1', '2', '3']));
  it('filters by level and group', () => {
    expect(shown({ level: 2 })).toEqual(['3']);
    expect(shown({ group: 'B' })).toEqual(['2', '3']);
  });
  it('filters by verdict, counting missing rows as unverified', () => {
    expect(shown({ verdict: 'unverified' })).toEqual(['1', '3']);
    expect(shown({ verdict: 'nonconforming' })).toEqual(['2']);
  });
  it('finds "says implemented but not verified", discrepancies and unanswered', () => {
    expect(shown({ claimedUnverified: true })).toEqual(['1']);
    expect(shown({ discrepancy: true })).toEqual(['2']);
    expect(shown({ unanswered: true })).toEqual(['3']);
  });
  it('searches text with full-width and half-width alike', () => {
    expect(shown({ text: 'usb' })).toEqual(['2']);
    expect(shown({ text: '方針' })).toEqual(['1']);
  });
  it('a discrepancy needs both an answer and a verdict that disagree', () => {
    expect(isDiscrepancy('implemented', 'conforms')).toBe(false);
    expect(isDiscrepancy('implemented', 'unverified')).toBe(false);
    expect(isDiscrepancy('unanswered', 'nonconforming')).toBe(false);
    expect(isDiscrepancy('not_implemented', 'conforms')).toBe(true);
    expect(isDiscrepancy('not_applicable', 'na')).toBe(false);
  });
});
