// The catalog's own words for how strongly an item is asked for (catalog.need_labels): 必須 / 推奨
// for most frameworks, 基本 / 推奨 for ASP・SaaS, whose guideline defines them as priorities, not
// requirements. The UI never names a need in words of its own.
import type { Catalog, Need, NeedLabel } from './bindings';
import type { Lang } from './i18n';

/** The catalog's word for a need, in the UI language. */
export function needLabel(catalog: Catalog, need: Need, lang: Lang): string {
  const word = catalog.need_labels[need];
  return lang === 'en' && word.en ? word.en : word.ja;
}

/** "基本: ASP・SaaS サービスを…対策（I. 8. 2 基本・推奨）", or null when the framework defines nothing. */
export function needLegend(word: NeedLabel): string | null {
  if (!word.meaning) return null;
  return `${word.ja}: ${word.meaning}${word.quoted_from ? `（${word.quoted_from}）` : ''}`;
}

/** The definitions a catalog quotes for its needs, strongest first. */
export function needLegends(catalog: Catalog): string[] {
  return [catalog.need_labels.mandatory, catalog.need_labels.recommended].flatMap((w) => needLegend(w) ?? []);
}
