import { describe, expect, it } from 'vitest';
import { errorText, messages } from '../../src/lib/i18n';

const errorTexts = (l: 'ja' | 'en') => Object.entries(messages[l]).filter(([k]) => k.startsWith('error.'));

describe('error texts', () => {
  // {detail} is the whole English message and {cause} a library's or the OS's own words: a
  // Japanese text may show them only as a trailing detail, never as the sentence itself.
  it('say every error in Japanese, outside words only as a trailing （詳細: …）', () => {
    for (const [key, text] of errorTexts('ja')) {
      for (const ph of ['{detail}', '{cause}']) {
        const n = text.split(ph).length - 1;
        if (n === 0) continue;
        expect(n, `${key}: ${ph} once`).toBe(1);
        expect(text.endsWith(`（詳細: ${ph}）`), `${key}: ${ph} only as a trailing （詳細: ${ph}）: ${text}`).toBe(true);
        expect(text.length, `${key}: a Japanese sentence before the detail`).toBeGreaterThan(`（詳細: ${ph}）`.length + 5);
      }
    }
  });

  it('are all there (the Rust side checks each code and reason has one)', () => {
    expect(errorTexts('ja').length).toBeGreaterThan(200);
  });

  it('pick the text of the reason, with its values', () => {
    // An error about a file names the file, first, when its text does not.
    const params = { reason: 'word', path: '/tmp/a.xlsx', detail: '/tmp/a.xlsx: it is a Word document, not a spreadsheet' };
    expect(errorText('ja', 'import.not_a_spreadsheet', params, params.detail)).toBe('/tmp/a.xlsx: Word 文書です。表計算ファイルではありません。');
    expect(errorText('en', 'import.not_a_spreadsheet', params, params.detail)).toBe('/tmp/a.xlsx: It is a Word document, not a spreadsheet.');
    const limit = { reason: 'file', size: '80', limit: '64', detail: 'the file is 80 MB; Tenken reads checksheets up to 64 MB' };
    expect(errorText('ja', 'import.too_large', limit, limit.detail)).toBe('ファイルは 80 MB あります。Tenken が読めるチェックシートは 64 MB までです。');
  });

  it('fall back to the code text for a reason without one, and to the English message for an unknown code', () => {
    const params = { reason: 'from_a_newer_core', detail: 'something new' };
    expect(errorText('ja', 'import.not_a_spreadsheet', params, 'something new')).toBe(
      'Tenken が読める表計算ファイル（xlsx・xlsm・xlsb・xls・ods）ではありません。',
    );
    expect(errorText('ja', 'from.a_newer_core', params, 'something new')).toBe('something new');
    expect(errorText('ja', undefined, {}, 'no code')).toBe('no code');
  });

  it('show a wrapped error inside the text, in the same language', () => {
    const params = {
      reason: 'workbook',
      origin: 'sheet.docx',
      'inner.code': 'import.not_a_spreadsheet',
      'inner.reason': 'word',
      detail: 'sheet.docx: it is a Word document, not a spreadsheet',
    };
    expect(errorText('ja', 'catalog_import.invalid', params, params.detail)).toBe(
      'sheet.docx からカタログを作れません: Word 文書です。表計算ファイルではありません。',
    );
  });

  it('show a wrapped notice (a signature check finding) inside the text', () => {
    const params = {
      reason: 'problem',
      path: 'b.tenken',
      'inner.notice': 'signature.contents_not_der',
      detail: 'b.tenken: the manifest signature is INVALID: …',
    };
    expect(errorText('ja', 'bundle.invalid_signature', params, params.detail)).toBe(
      'バンドル b.tenken のマニフェストの署名が無効です（改ざんまたは破損）: /Contents の値が DER 構造で始まっていません。',
    );
  });

  it('keep the OS words only as the trailing detail of an I/O error', () => {
    const denied = { reason: 'permission_denied', path: 'C:\\a.pdf', cause: 'Access is denied. (os error 5)' };
    expect(errorText('ja', 'io', denied, '')).toBe('アクセスが拒否されました（権限がありません）: C:\\a.pdf');
    const other = { reason: 'other', path: '/x', cause: 'Input/output error (os error 5)' };
    expect(errorText('ja', 'io', other, '')).toBe('ファイルを読み書きできません: /x（詳細: Input/output error (os error 5)）');
  });
});
