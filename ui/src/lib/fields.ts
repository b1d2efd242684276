// Labels of a catalog item's text fields in the framework's own wording (catalog.field_labels),
// falling back to the common Japanese names. English UI shows an English gloss after it.
import type { Catalog, Item } from './bindings';
import type { Lang } from './i18n';

export type TextField = 'title' | 'purpose' | 'requirement' | 'condition' | 'criteria';
export const TEXT_FIELDS: readonly TextField[] = ['title', 'purpose', 'requirement', 'condition', 'criteria'];

const DEFAULT_JA: Record<TextField, string> = {
  title: '項目',
  purpose: '目的',
  requirement: '要求事項',
  condition: '達成条件',
  criteria: '達成基準',
};
const GLOSS_EN: Record<TextField, string> = {
  title: 'Item',
  purpose: 'Purpose',
  requirement: 'Requirement',
  condition: 'Condition',
  criteria: 'Criteria',
};

/** The label of a field: the framework's name, with an English gloss in the English UI. */
export function fieldLabel(catalog: Catalog, field: TextField, lang: Lang): string {
  const ja = catalog.field_labels[field] ?? DEFAULT_JA[field];
  return lang === 'en' ? `${ja} (${GLOSS_EN[field]})` : ja;
}

/** The fields of an item that have text, in display order. */
export function filledFields(item: Item): { field: TextField; text: string }[] {
  return TEXT_FIELDS.flatMap((field) => {
    const text = item[field];
    return typeof text === 'string' && text.trim() ? [{ field, text }] : [];
  });
}
