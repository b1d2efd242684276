import { describe, expect, it } from 'vitest';
import { catalogName } from '../../src/lib/catalog-name';

describe('catalogName', () => {
  it('prints the version once', () => {
    expect(catalogName('自動車産業サイバーセキュリティガイドライン V2.2', '2.2')).toBe('自動車産業サイバーセキュリティガイドライン V2.2');
    expect(catalogName('情報セキュリティサービス基準', '3')).toBe('情報セキュリティサービス基準 3');
  });
});
