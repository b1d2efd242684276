// Which walkthrough items the list shows, and the per-item facts the filters look at.
import type { Item, ItemResult, SupplierAnswer, Verdict } from './bindings';

/** The list filters of the walkthrough. */
export interface Filter {
  text: string;
  level: number | null;
  group: string | null;
  verdict: Verdict | null;
  /** Supplier says implemented, auditor has not verified yet. */
  claimedUnverified: boolean;
  /** Supplier answer and auditor verdict disagree. */
  discrepancy: boolean;
  /** Supplier gave no answer. */
  unanswered: boolean;
}

export const emptyFilter = (): Filter => ({
  text: '',
  level: null,
  group: null,
  verdict: null,
  claimedUnverified: false,
  discrepancy: false,
  unanswered: false,
});

/** The verdict a supplier answer claims. */
const CLAIMED: Record<SupplierAnswer, Verdict | null> = {
  implemented: 'conforms',
  partial: 'partial',
  not_implemented: 'nonconforming',
  not_applicable: 'na',
  unanswered: null,
};

/** True when the auditor's verdict differs from what the supplier answered. */
export function isDiscrepancy(answer: SupplierAnswer, verdict: Verdict): boolean {
  const claimed = CLAIMED[answer];
  return claimed !== null && verdict !== 'unverified' && claimed !== verdict;
}

/** Lower-case NFKC form for search (full-width digits and letters match half-width). */
export function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** The text an item is searched by. */
export function searchText(item: Item): string {
  return normalise([item.id, item.title ?? '', item.requirement, item.purpose ?? '', item.condition ?? '', item.criteria ?? ''].join(' '));
}

/** Does an item pass the filter? `result` is undefined for an item with no stored row yet. */
export function matches(item: Item, result: ItemResult | undefined, f: Filter, haystack?: string): boolean {
  const answer: SupplierAnswer = result?.answer ?? 'unanswered';
  const verdict: Verdict = result?.verdict ?? 'unverified';
  if (f.level !== null && item.level !== f.level) return false;
  if (f.group !== null && item.group !== f.group) return false;
  if (f.verdict !== null && verdict !== f.verdict) return false;
  if (f.claimedUnverified && !(answer === 'implemented' && verdict === 'unverified')) return false;
  if (f.discrepancy && !isDiscrepancy(answer, verdict)) return false;
  if (f.unanswered && answer !== 'unanswered') return false;
  const q = normalise(f.text.trim());
  if (q && !(haystack ?? searchText(item)).includes(q)) return false;
  return true;
}
