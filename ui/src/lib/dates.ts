// Dates as the auditor reads them: "today" is the local calendar day (in Japan a day ahead of
// UTC until 09:00), and a date is shown ISO and, in the Japanese UI, also as 年月日.
import type { Lang } from './i18n';

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar date of `d` (today by default) as `YYYY-MM-DD`. */
export function localIsoDate(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An ISO date (`YYYY-MM-DD`) for display: `2026-12-02（2026年12月2日）` in Japanese, ISO in
 * English; anything that is not an ISO date is shown as given. */
export function showDate(iso: string | null | undefined, l: Lang): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || l !== 'ja') return iso;
  return `${iso}（${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日）`;
}
