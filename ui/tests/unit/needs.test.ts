import { describe, expect, it } from 'vitest';
import type { Catalog, NeedLabels } from '../../src/lib/bindings';
import { needLabel, needLegend, needLegends } from '../../src/lib/needs';

const plain: NeedLabels = {
  mandatory: { ja: '必須', en: 'Mandatory', meaning: null, quoted_from: null },
  recommended: { ja: '推奨', en: 'Recommended', meaning: null, quoted_from: null },
};
// As the built-in mic-asp-saas catalog carries them (I. 8. 2 of the guideline).
const mic: NeedLabels = {
  mandatory: { ja: '基本', en: 'Basic (to be done first)', meaning: 'ASP・SaaS サービスを提供するにあたり、優先的に実施すべき情報セキュリティ対策', quoted_from: 'I. 8. 2 基本・推奨' },
  recommended: { ja: '推奨', en: 'Recommended', meaning: 'ASP・SaaS サービスを提供するにあたり、実施することが望まれる情報セキュリティ対策', quoted_from: 'I. 8. 2 基本・推奨' },
};
const catalog = (need_labels: NeedLabels) => ({ need_labels }) as Catalog;

describe('need labels', () => {
  it("names a need in the catalog's own word", () => {
    expect(needLabel(catalog(mic), 'mandatory', 'ja')).toBe('基本');
    expect(needLabel(catalog(mic), 'mandatory', 'en')).toBe('Basic (to be done first)');
    expect(needLabel(catalog(mic), 'recommended', 'ja')).toBe('推奨');
    expect(needLabel(catalog(plain), 'mandatory', 'ja')).toBe('必須');
    expect(needLabel(catalog(plain), 'mandatory', 'en')).toBe('Mandatory');
  });

  it("quotes the framework's definitions, and none where it gives none", () => {
    expect(needLegend(mic.mandatory)).toBe('基本: ASP・SaaS サービスを提供するにあたり、優先的に実施すべき情報セキュリティ対策（I. 8. 2 基本・推奨）');
    expect(needLegends(catalog(mic))).toHaveLength(2);
    expect(needLegend(plain.mandatory)).toBeNull();
    expect(needLegends(catalog(plain))).toEqual([]);
  });
});
