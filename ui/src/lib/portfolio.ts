// Search and sort of the portfolio list.
import type { PortfolioRow } from './bindings';
import { normalise } from './filters';

export type PortfolioSort = 'name' | 'updated' | 'progress';

/** Rows whose organisation name or code contains the query (NFKC, case-insensitive). */
export function filterPortfolio(rows: PortfolioRow[], query: string): PortfolioRow[] {
  const q = normalise(query.trim());
  if (!q) return rows;
  return rows.filter((r) => normalise(`${r.organisation.name} ${r.organisation.code ?? ''}`).includes(q));
}

const lastUpdate = (r: PortfolioRow) => r.assessments.reduce((m, a) => (a.assessment.updated_at > m ? a.assessment.updated_at : m), '');
const progressRate = (r: PortfolioRow) => {
  const p = r.assessments[0]?.progress;
  return p && p.in_scope > 0 ? p.verified / p.in_scope : -1;
};

/** A sorted copy: by name (Japanese collation), newest change first, or least progress first. */
export function sortPortfolio(rows: PortfolioRow[], sort: PortfolioSort): PortfolioRow[] {
  const copy = [...rows];
  if (sort === 'name') copy.sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'ja'));
  if (sort === 'updated') copy.sort((a, b) => lastUpdate(b).localeCompare(lastUpdate(a)));
  if (sort === 'progress') copy.sort((a, b) => progressRate(a) - progressRate(b));
  return copy;
}
