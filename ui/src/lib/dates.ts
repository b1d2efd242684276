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

/** A moment (RFC 3339, e.g. an audit event's UTC time) in local time for display:
 * `2026-12-02 08:30:00（2026年12月2日）` in Japanese, `2026-12-02 08:30:00` in English; anything
 * that is not a time is shown as given. */
export function showTime(rfc3339: string | null | undefined, l: Lang): string {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const day = localIsoDate(d);
  return l === 'ja' ? `${day} ${clock}（${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日）` : `${day} ${clock}`;
}

/** A date as typed into a date field, as ISO `YYYY-MM-DD`: ISO itself, `2026/12/2`, `2026.12.2`,
 * `2026年12月2日` and full-width digits are accepted; `''` for an empty field; `null` when the
 * text is not a real calendar date (the field then says so instead of storing it). */
export function parseDateInput(text: string): string | null | '' {
  const t = text.normalize('NFKC').trim();
  if (t === '') return '';
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}
