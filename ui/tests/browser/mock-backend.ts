// An in-memory stand-in for the shell's commands, for browser tests only (the real app and its
// end-to-end test use the real core). Installed with @tauri-apps/api/mocks.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type {
  Assessment, CatalogInfo, Catalog, Evidence, Finding, Item, ItemResult, NewAssessmentInput, NewFinding,
  NewOrganisation, Organisation, PortfolioRow, Progress, Verdict, ImportInput, IdentityInfo, NewIdentityInput, ExportRequest,
} from '../../src/lib/bindings';

const item = (id: string, group: string, level: number, title: string, requirement: string, extra: Partial<Item> = {}): Item => ({
  id, group, level, class: null, title, purpose: `${title}の目的`, requirement, condition: `${title}の達成条件`, criteria: `${title}の達成基準`,
  best_practices: [], evaluation: [], commentary: [], applicability: [], need: null, notes: [], ...extra,
});

const catalog: Catalog = {
  id: 'jama-japia-2.2', version: '2.2', title: { ja: '自動車産業サイバーセキュリティガイドライン（テスト用）', en: 'Automotive cybersecurity guideline (test)' },
  publisher: 'JAMA/JAPIA', source: { title: 'テスト用', version: '2.2', date: '2024-08-01', file: null }, draft: false, notes: [],
  field_labels: {}, guidance: [],
  need_labels: {
    mandatory: { ja: '必須', en: 'Mandatory', meaning: null, quoted_from: null },
    recommended: { ja: '推奨', en: 'Recommended', meaning: null, quoted_from: null },
  },
  scope: [{ key: 'target_level', name: { ja: '目標レベル', en: 'Target level' }, kind: 'max_level', help: 'Lv1 は全ての企業が対象',
    options: [1, 2, 3].map((l) => ({ value: String(l), name: { ja: `Lv${l}`, en: `Lv${l}` }, help: null })) }],
  groups: [{ id: '1', name: '方針', parent: null }, { id: '2', name: '体制', parent: null }],
  items: [
    item('1', '1', 1, '方針の策定', '情報セキュリティ方針を定め、社内外に周知している', {
      commentary: [{ section: '達成条件', question: '方針には何を書けばよいか？', answer: '経営層の関与、対象範囲、役割を記載します。', references: [] }],
    }),
    item('2', '1', 1, '法令遵守', '関連法令を把握し、遵守している'),
    item('3', '2', 1, '責任者', '情報セキュリティの責任者を任命している', { notes: ['出典は「責任者」を「責任社」と印刷している（テスト用の注記）。'] }),
    item('4', '2', 2, '教育', '従業員に年1回以上の教育を実施している'),
  ],
  answer_scale: [], scoring: { rule: 'level_achievement', classes: [], grades: [] },
};

interface Db {
  orgs: Organisation[];
  assessments: Assessment[];
  results: Map<number, Map<string, ItemResult>>;
  lastItem: Map<number, string>;
  evidence: Evidence[];
  findings: Finding[];
  identities: IdentityInfo[];
  pending: { token: number; input: ImportInput } | null;
}

// A 2×2 teal PNG.
const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGMQcvVj8PL1ZPD29WQAAA+nAcnDnmZ2AAAAAElFTkSuQmCC';
const now = () => new Date().toISOString();

export function installMockBackend() {
  const db: Db = { orgs: [], assessments: [], results: new Map(), lastItem: new Map(), evidence: [], findings: [], identities: [], pending: null };
  (window as unknown as { __mockDb: Db }).__mockDb = db;
  // `?locked` in the page's URL: the database at start is encrypted and waits for its passphrase.
  const dbPath = '/home/auditor/.local/share/tenken/tenken.db';
  let locked = new URLSearchParams(location.search).has('locked');
  let encrypted = locked;

  const scoped = (a: Assessment) => catalog.items.filter((i) => (i.level ?? 0) <= Number(a.scope['target_level']?.[0] ?? 9));
  const progress = (id: number): Progress => {
    const a = db.assessments.find((x) => x.id === id)!;
    const rs = db.results.get(id)!;
    const sc = scoped(a);
    return {
      in_scope: sc.length,
      verified: sc.filter((i) => (rs.get(i.id)?.verdict ?? 'unverified') !== 'unverified').length,
      answered: sc.filter((i) => (rs.get(i.id)?.answer ?? 'unanswered') !== 'unanswered').length,
      last_item: db.lastItem.get(id) ?? null,
    };
  };
  const row = (id: number, itemId: string): ItemResult => {
    const rs = db.results.get(id)!;
    let r = rs.get(itemId);
    if (!r) {
      r = { item_id: itemId, answer: 'unanswered', answer_raw: null, remark: null, verdict: 'unverified', note: null, updated_at: now() };
      rs.set(itemId, r);
    }
    return r;
  };

  // A small stand-in for the core's scoring (level achievement over the mock catalog).
  const score = (id: number) => {
    const a = db.assessments.find((x) => x.id === id)!;
    const rs = db.results.get(id)!;
    const sc = scoped(a);
    const state = (i: Item) => rs.get(i.id)?.verdict ?? 'unverified';
    const counts = (items: Item[]) => ({
      implemented: items.filter((i) => state(i) === 'conforms').length, partial: items.filter((i) => state(i) === 'partial').length,
      not_implemented: items.filter((i) => state(i) === 'nonconforming').length, not_applicable: items.filter((i) => state(i) === 'na').length,
      unanswered: items.filter((i) => state(i) === 'unverified').length,
    });
    const rate = (items: Item[]) => { const c = counts(items); const d = items.length - c.not_applicable; return d ? c.implemented / d : null; };
    const bucket = (key: string, label: string, items: Item[]) => ({ key, label, in_scope: items.length, counts: counts(items), rate: rate(items), classes: [] });
    const groups = ['1', '2', '3'].map((g) => bucket(g, ['方針', '体制', '教育'][Number(g) - 1], sc.filter((i) => i.group === g)));
    const side = (real: boolean) => ({
      counts: real ? counts(sc) : counts([]), rate: real ? rate(sc) : null, rate_note: null, grade: real ? ((rate(sc) ?? 0) >= 0.8 ? 'S' : 'D') : null,
      levels: [bucket('1', 'Lv1', real ? sc : [])], classes: [], groups, needs: [], recommended_rate: null,
      level_achieved: real && sc.every((i) => ['conforms', 'na'].includes(state(i))) ? 1 : null, gate: null,
    });
    return { catalog_id: catalog.id, catalog_version: catalog.version, draft: false, rule: 'level_achievement', scope: a.scope, in_scope: sc.length,
      supplier: side(false), auditor: side(true), must_achieve: [], discrepancies: [], open_findings: 0 };
  };

  const appInfo = () => ({ version: '0.1.0', db_path: dbPath, data_dir: '/home/auditor/.local/share/tenken',
    catalog_dir: '/home/auditor/.local/share/tenken/catalogs', identity_dir: '/home/auditor/.local/share/tenken/identities', encrypted: encrypted && !locked,
    startup_error: locked ? { code: 'store.locked', params: { path: dbPath }, message: `${dbPath}: the file is encrypted (give its passphrase) or is not a Tenken database` } : null });

  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    app_info: () => appInfo(),
    open_database: (a) => {
      if (a.path == null && locked && a.passphrase !== 'correct horse battery') {
        throw { kind: 'invalid', code: 'store.wrong_passphrase', params: { path: dbPath, detail: `${dbPath}: the passphrase is wrong, or the file is not a Tenken database` },
          message: `${dbPath}: the passphrase is wrong, or the file is not a Tenken database` };
      }
      locked = false;
      return appInfo();
    },
    set_status: (a) => {
      const found = db.assessments.find((x) => x.id === a.id)!;
      found.status = a.status as Assessment['status'];
      return found;
    },
    save_evidence: (a) => db.evidence.find((e) => e.id === a.evidence_id)?.size ?? 0,
    write_template: (a) => catalog.items.filter((i) => (i.level ?? 0) <= Number((a.scope as Record<string, string[]>)['target_level']?.[0] ?? 9)).length,
    change_passphrase: (a) => {
      encrypted = a.passphrase != null;
      return appInfo();
    },
    create_database: (a) => {
      encrypted = a.passphrase != null;
      return appInfo();
    },
    ready: () => 42,
    catalogs: (): CatalogInfo[] => [{ id: catalog.id, version: catalog.version, title: catalog.title, publisher: catalog.publisher, source: catalog.source,
      draft: false, scope: catalog.scope, guidance: catalog.guidance, item_count: catalog.items.length }],
    count_in_scope: (a) => catalog.items.filter((i) => (i.level ?? 0) <= Number((a.scope as Record<string, string[]>)['target_level']?.[0] ?? 9)).length,
    portfolio: (): PortfolioRow[] => db.orgs.map((o) => ({ organisation: o, assessments: db.assessments.filter((a) => a.organisation_id === o.id).map((a) => ({
      assessment: a, catalog_title: catalog.title, progress: progress(a.id), supplier: null, auditor: score(a.id).auditor, open_actions: db.findings.filter((f) => f.assessment_id === a.id && f.status !== 'done').length, overdue_actions: 0 })) })),
    add_organisation: (a) => {
      const input = a.input as NewOrganisation;
      if (db.orgs.some((o) => o.name === input.name)) throw { kind: 'invalid', message: `organisation '${input.name}' already exists` };
      const o = { id: db.orgs.length + 1, uid: `org-${db.orgs.length + 1}`, name: input.name, kind: input.kind, code: input.code, sites: [], created_at: now() } as unknown as Organisation;
      db.orgs.push(o);
      return o;
    },
    create_assessment: (a) => {
      const input = a.input as NewAssessmentInput;
      const org = db.orgs.find((o) => o.id === input.organisation_id)!;
      const x = { id: db.assessments.length + 1, uid: `a-${db.assessments.length + 1}`, organisation_id: org.id, organisation_name: org.name, site_id: null,
        catalog_id: input.catalog_id, catalog_version: input.catalog_version, scope: input.scope, kind: input.kind, auditor: input.auditor,
        started_on: input.started_on, ended_on: input.ended_on, status: 'draft', revision: 1, previous_revision: null, created_at: now(), updated_at: now() } as unknown as Assessment;
      db.assessments.push(x);
      db.results.set(x.id, new Map());
      return x;
    },
    open_assessment: (a) => {
      const id = a.id as number;
      const x = db.assessments.find((y) => y.id === id)!;
      return { assessment: x, catalog, scoped: scoped(x).map((i) => ({ item_id: i.id, need: null })), results: [...db.results.get(id)!.values()],
        evidence: db.evidence.filter((e) => e.assessment_id === id), findings: db.findings.filter((f) => f.assessment_id === id), progress: progress(id) };
    },
    set_verdict: (a) => {
      const r = row(a.id as number, a.item as string);
      r.verdict = a.verdict as Verdict;
      db.lastItem.set(a.id as number, a.item as string);
      return { result: { ...r }, progress: progress(a.id as number) };
    },
    set_note: (a) => {
      const r = row(a.id as number, a.item as string);
      r.note = a.note as string;
      return { result: { ...r }, progress: progress(a.id as number) };
    },
    set_last_item: (a) => { db.lastItem.set(a.id as number, a.item as string); return null; },
    add_evidence: (a) => {
      const path = a.path as string;
      const e = { id: db.evidence.length + 1, assessment_id: a.id as number, file_name: path.split('/').pop()!, media_type: path.endsWith('.png') ? 'image/png' : 'application/pdf', size: 2048,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', role: 'supporting', items: a.items as string[], created_at: now() } as Evidence;
      db.evidence.push(e);
      return e;
    },
    add_finding: (a) => {
      const input = a.input as NewFinding;
      const f = { id: db.findings.length + 1, assessment_id: input.assessment_id, item_id: input.item_id, severity: input.severity, description: input.description,
        corrective_action: input.corrective_action, owner: input.owner, due_date: input.due_date, status: 'open', created_at: now(), updated_at: now() } as Finding;
      db.findings.push(f);
      return f;
    },
    update_finding: (a) => {
      const f = db.findings.find((x) => x.id === a.finding_id)!;
      const p = a.patch as Record<string, unknown>;
      for (const [k, v] of Object.entries(p)) if (v !== null) (f as unknown as Record<string, unknown>)[k] = v;
      return { ...f };
    },
    score: (a) => score(a.id as number),
    backup: (a) => a.dest,
    restore: (a) => a.src,
    evidence_thumbnail: (a) => (db.evidence.find((e) => e.id === a.evidence_id)?.media_type.startsWith('image/') ? TINY_PNG : null),
    reopen_assessment: (a) => {
      const old = db.assessments.find((y) => y.id === a.id)!;
      const org = db.orgs.find((o) => o.id === old.organisation_id)!;
      const x = handlers.create_assessment({ input: { ...old, organisation_id: org.id } }) as Assessment;
      (x as unknown as { revision: number }).revision = old.revision + 1;
      for (const [k, r] of db.results.get(old.id)!) db.results.get(x.id)!.set(k, { ...r });
      return x;
    },
    import_preview: (a) => {
      const input = a.input as ImportInput;
      if (!input.path.endsWith('.xlsx')) throw { kind: 'invalid', message: `${input.path}: the file is not a spreadsheet Tenken reads (xlsx, xlsm, xlsb, xls, ods)` };
      db.pending = { token: 7, input };
      return { token: 7, folder: false, path: input.path, catalog_id: input.catalog_id, catalog_version: input.catalog_version, files: [{ file: input.path, error: null, reading: {
        organisation: input.organisation ?? '株式会社テスト精機', format: 'xlsx', sheet: 'チェックシート', header_row: 4,
        columns: [{ role: 'no', letters: 'D' }, { role: 'requirement', letters: 'C' }, { role: 'answer', letters: 'H' }], answer_column: 'H',
        cover: { company: '株式会社テスト精機', respondent: '情報システム部 佐藤', date: '2026-10-31' },
        counts: { implemented: 1, partial: 1, not_implemented: 0, not_applicable: 0, unanswered: 1 }, extra_items: [], extra_count: 0,
        warnings: [{ sheet: 'チェックシート', row: 7, column: 'H', cell: 'チェックシート!H7', message: '回答「要確認」を解釈できません（未回答として扱います）' }], errors: [] } }] };
    },
    import_commit: (a) => {
      if (!db.pending || db.pending.token !== a.token) throw { kind: 'invalid', message: 'this import preview is no longer current; read the file again' };
      const org = { id: db.orgs.length + 1, uid: `org-${db.orgs.length + 1}`, name: '株式会社テスト精機', kind: 'supplier', code: null, sites: [], created_at: now() } as unknown as Organisation;
      db.orgs.push(org);
      const x = handlers.create_assessment({ input: { organisation_id: org.id, site: null, catalog_id: catalog.id, catalog_version: catalog.version, scope: db.pending.input.scope,
        kind: 'supplier_self_assessment', auditor: null, started_on: '2026-10-31', ended_on: null } }) as Assessment;
      row(x.id, '1').answer = 'implemented';
      row(x.id, '2').answer = 'partial';
      db.pending = null;
      return { imported: [{ file: '/home/auditor/受領/テスト精機.xlsx', assessment_id: x.id, organisation: org.name,
        counts: { implemented: 1, partial: 1, not_implemented: 0, not_applicable: 0, unanswered: 1 }, sha256: 'ab'.repeat(32) }], failed: [] };
    },
    import_cancel: () => { db.pending = null; return null; },
    identities: () => db.identities,
    create_identity: (a) => {
      const input = a.input as NewIdentityInput;
      const i: IdentityInfo = { id: '3f2a9c0d11e4b7a8', name: input.name, org: input.org, email: input.email, kind: 'local-root', created: now(),
        cert_fingerprint: 'c0ffee'.repeat(10) + 'c0ff', not_after: '2029-11-22T00:00:00+00:00', folder: '/home/auditor/.local/share/tenken/identities/3f2a9c0d11e4b7a8' };
      db.identities.push(i);
      return i;
    },
    import_identity: () => { throw { kind: 'invalid', message: 'the .p12 password is wrong' }; },
    export_identity_cert: (a) => a.dest,
    export_defaults: (a) => ({ folder: '/home/auditor/Documents/Tenken', stem: `tenken-${a.id}-株式会社サンプル部品-jama-japia-2.2-r1`,
      signed: db.assessments.find((x) => x.id === a.id)?.status === 'signed' }),
    export_report: (a) => {
      const input = a.input as ExportRequest;
      const x = db.assessments.find((y) => y.id === input.id)!;
      if (input.sign && input.sign.passphrase !== 'correct horse battery') throw { kind: 'invalid', message: 'the passphrase is wrong' };
      const stem = `${input.folder}/tenken-${x.id}-${x.organisation_name}-${x.catalog_id}-r1`;
      const signed = !!input.sign;
      const files = [
        ...(input.pdf ? [{ path: `${stem}.pdf`, kind: 'pdf', size: 371234, sha256: '1f'.repeat(32), signed }] : []),
        ...(input.xlsx ? [{ path: `${stem}.xlsx`, kind: 'xlsx', size: 48211, sha256: '2e'.repeat(32), signed }] : []),
        ...(input.xlsx && signed ? [{ path: `${stem}.xlsx.p7s`, kind: 'p7s', size: 1533, sha256: '3d'.repeat(32), signed }] : []),
        ...(input.json ? [{ path: `${stem}.json`, kind: 'json', size: 20133, sha256: '4c'.repeat(32), signed: false }] : []),
      ];
      if (signed) (x as unknown as { status: string }).status = 'signed';
      const root = `${db.identities[0]?.name} ローカル認証局`;
      const check = (f: { path: string }) => ({ file: f.path, status: 'VALID' as const, valid: true, problems: [], notes: [], signer: db.identities[0]?.name ?? null, signer_org: db.identities[0]?.org ?? null,
        cert_sha256: db.identities[0]?.cert_fingerprint ?? null, signing_time: now(), root_name: root, chain_ok: true, root_trusted: true,
        path: [
          { subject: db.identities[0]?.name ?? '', sha256: db.identities[0]?.cert_fingerprint ?? '', role: 'signer' as const, embedded: true },
          { subject: root, sha256: 'ab'.repeat(32), role: 'trust_anchor' as const, embedded: true },
        ],
        path_failure: null });
      return { files, signed_off: signed, checks: signed ? files.filter((f) => f.kind !== 'p7s').map(check) : [] };
    },
    verify_file: (a) => ({ file: a.path, status: 'INVALID', valid: false, problems: [{ code: 'signature.bytes_appended', params: { appended: '1024', signed_end: '371234', size: '372258' }, message: '1024 bytes follow the signed range (which ends at 371234 of 372258): the file was changed after signing' }], notes: [], signer: '監査 太郎',
      signer_org: '点検監査株式会社', cert_sha256: null, signing_time: now(), root_name: null, chain_ok: true, root_trusted: false, path: [], path_failure: null }),
    trusted_roots: () => db.identities.map((i) => ({ fingerprint: 'ab'.repeat(32), name: `${i.name} ローカル認証局`, organisation: i.org, not_after: '2036-11-22T00:00:00+00:00', source: 'identity' })),
    trust_root: (a) => ({ fingerprint: 'cd'.repeat(32), name: (a.name as string | null) ?? '取引先 認証局', organisation: '部品工業株式会社', not_after: '2036-01-01T00:00:00+00:00', source: 'list' }),
    untrust_root: (a) => ({ fingerprint: a.fingerprint, name: '取引先 認証局', organisation: null, not_after: '2036-01-01T00:00:00+00:00', source: 'list' }),
    trail_events: (a) => [
      { seq: 1, at: '2026-12-01T23:30:00Z', actor: 'auditor', action: 'organisation.add', assessment_id: null, target: 'organisation:1', before: null, after: {}, prev_hash: '', hash: '01'.repeat(32) },
      { seq: 2, at: '2026-12-01T23:31:00Z', actor: 'auditor', action: 'assessment.create', assessment_id: a.id, target: `assessment:${a.id}`, before: null, after: {}, prev_hash: '01'.repeat(32), hash: '02'.repeat(32) },
      { seq: 3, at: '2026-12-01T23:32:00Z', actor: 'auditor', action: 'verdict.set', assessment_id: a.id, target: 'item:1', before: null, after: {}, prev_hash: '02'.repeat(32), hash: '03'.repeat(32) },
    ],
    verify_trail: (a) => (a.against ? { ok: false, rows: 3, head_seq: 3, anchors: 0, anchors_holding: 0, anchored_to: null, against: a.against, notes: [],
      failures: [{ code: 'trail.against.no_sign_off', params: { file: String(a.against), sha256: '1f'.repeat(32), seq: '3' },
        message: `against ${a.against}: the database's trail holds no sign-off of this report` }] } :
      { ok: true, rows: 3, head_seq: 3, anchors: 0, anchors_holding: 0, anchored_to: null, against: a.against ?? null, failures: [], notes: [{ code: 'trail.note.no_anchor', params: {}, message: 'no anchor holds: the whole trail is protected only by its unkeyed hash chain, which anyone with the file can recompute' }] }),
    bundle_export: (a) => ({ path: (a.input as { dest: string }).dest, entries: 5, signer: db.identities[0]?.name ?? '' }),
    bundle_check: (a) => ({ path: a.path, created_at: '2026-12-01T23:40:00Z', already_here: null,
      verification: { file: a.path, status: 'UNTRUSTED', valid: false, problems: [], notes: [], signer: '購買 花子', signer_org: '部品工業株式会社', cert_sha256: 'ef'.repeat(32),
        signing_time: now(), root_name: '部品工業 ローカル認証局', chain_ok: true, root_trusted: false,
        path: [{ subject: '購買 花子', sha256: 'ef'.repeat(32), role: 'signer', embedded: true }, { subject: '部品工業 ローカル認証局', sha256: '12'.repeat(32), role: 'untrusted_root', embedded: true }], path_failure: null },
      contents: { uid: '7d1c', revision: 1, status: 'signed', organisation: '部品工業株式会社', catalog_id: 'jama-japia-2.2', catalog_version: '2.2', auditor: '購買 花子', results: 153, evidence: 2, findings: 1 } }),
    bundle_import: () => ({ assessment_id: 9, created: true, status: 'in_review', trusted: false }),
    request_identity: (a) => { const input = a.input as { name: string; org: string }; const i = { id: 'req0001', name: input.name, org: input.org, email: null, kind: 'requested', created: now(), cert_fingerprint: null, not_after: null, folder: '/home/auditor/.local/share/tenken/identities/req0001' }; db.identities.push(i as never); return i; },
    install_certificate: (a) => db.identities.find((i) => i.id === a.id),
    'plugin:dialog|open': (a) => ((a.options as { multiple?: boolean } | undefined)?.multiple
      ? ['/home/auditor/証跡/セキュリティ方針.pdf', '/home/auditor/証跡/サーバー室.png']
      : '/home/auditor/Documents/Tenken/受領した報告書.pdf'),
    'plugin:dialog|save': () => '/home/auditor/backup.db',
    'plugin:event|listen': () => 1,
    'plugin:event|unlisten': () => null,
  };

  mockWindows('main');
  mockIPC((cmd, args) => {
    const h = handlers[cmd];
    if (!h) throw new Error(`mock backend: no command ${cmd}`);
    return h((args ?? {}) as Record<string, unknown>);
  });
}
