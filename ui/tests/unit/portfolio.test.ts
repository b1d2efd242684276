import { describe, expect, it } from 'vitest';
import { filterPortfolio, sortPortfolio } from '../../src/lib/portfolio';
import { tally } from '../../src/lib/summary';
import type { PortfolioRow } from '../../src/lib/bindings';

const row = (id: number, name: string, code: string | null, updated: string, verified: number): PortfolioRow => ({
  organisation: { id, uid: `u${id}`, name, kind: 'supplier', code, sites: [], created_at: '' } as unknown as PortfolioRow['organisation'],
  assessments: [
    {
      assessment: { id, updated_at: updated } as unknown as PortfolioRow['assessments'][0]['assessment'],
      catalog_title: null,
      progress: { in_scope: 10, verified, answered: 0, last_item: null },
      open_actions: 0,
      overdue_actions: 0,
    },
  ],
});

const rows = [row(1, '株式会社いろは', 'S-2', '2026-01-02', 5), row(2, '株式会社あおば', 'S-10', '2026-03-01', 1)];

describe('portfolio', () => {
  it('searches names and codes (full-width insensitive)', () => {
    expect(filterPortfolio(rows, 'あおば').map((r) => r.organisation.id)).toEqual([2]);
    expect(filterPortfolio(rows, 'ｓ－２').map((r) => r.organisation.id)).toEqual([1]);
    expect(filterPortfolio(rows, '').length).toBe(2);
  });
  it('sorts by name, last update and least progress', () => {
    expect(sortPortfolio(rows, 'name').map((r) => r.organisation.id)).toEqual([2, 1]);
    expect(sortPortfolio(rows, 'updated').map((r) => r.organisation.id)).toEqual([2, 1]);
    expect(sortPortfolio(rows, 'progress').map((r) => r.organisation.id)).toEqual([2, 1]);
  });
  it('tallies verdicts and answers over in-scope items only', () => {
    const t = tally({
      scoped: [{ item_id: '1', need: null }, { item_id: '2', need: null }],
      results: [
        { item_id: '1', answer: 'implemented', answer_raw: null, remark: null, verdict: 'conforms', note: null, updated_at: '' },
        { item_id: '9', answer: 'implemented', answer_raw: null, remark: null, verdict: 'conforms', note: null, updated_at: '' },
      ],
    });
    expect(t.verdicts).toEqual({ conforms: 1, partial: 0, nonconforming: 0, na: 0, unverified: 1 });
    expect(t.answers.implemented).toBe(1);
    expect(t.answers.unanswered).toBe(1);
  });
});
