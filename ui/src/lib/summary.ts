// Counts shown on the summary while scoring is not in the core: how many in-scope items have
// each verdict and each supplier answer. (Rates, levels and grades come from the core.)
import type { SupplierAnswer, Verdict, WalkData } from './bindings';

export interface Tally {
  verdicts: Record<Verdict, number>;
  answers: Record<SupplierAnswer, number>;
}

/** Count verdicts and answers over the in-scope items (an item with no row counts as unverified/unanswered). */
export function tally(d: Pick<WalkData, 'scoped' | 'results'>): Tally {
  const verdicts: Record<Verdict, number> = { conforms: 0, partial: 0, nonconforming: 0, na: 0, unverified: 0 };
  const answers: Record<SupplierAnswer, number> = { implemented: 0, partial: 0, not_implemented: 0, not_applicable: 0, unanswered: 0 };
  const byId = new Map(d.results.map((r) => [r.item_id, r]));
  for (const s of d.scoped) {
    const r = byId.get(s.item_id);
    verdicts[r?.verdict ?? 'unverified'] += 1;
    answers[r?.answer ?? 'unanswered'] += 1;
  }
  return { verdicts, answers };
}
