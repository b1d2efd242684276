// An in-memory stand-in for the shell's commands, for browser tests only (the real app and its
// end-to-end test use the real core). Installed with @tauri-apps/api/mocks.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type {
  Assessment, CatalogInfo, Catalog, Evidence, Finding, Item, ItemResult, NewAssessmentInput, NewFindingInput,
  NewOrganisationInput, Organisation, PortfolioRow, ProgressView, Verdict,
} from '../../src/lib/bindings';

const item = (id: string, group: string, level: number, title: string, requirement: string, extra: Partial<Item> = {}): Item => ({
  id, group, level, class: null, title, purpose: `${title}の目的`, requirement, condition: `${title}の達成条件`, criteria: `${title}の達成基準`,
  best_practices: [], evaluation: [], commentary: [], applicability: [], need: null, ...extra,
});

const catalog: Catalog = {
  id: 'jama-japia-2.2', version: '2.2', title: { ja: '自動車産業サイバーセキュリティガイドライン（テスト用）', en: 'Automotive cybersecurity guideline (test)' },
  publisher: 'JAMA/JAPIA', source: { title: 'テスト用', version: '2.2', date: '2024-08-01', file: null }, draft: false, notes: [],
  field_labels: {}, guidance: [],
  scope: [{ key: 'target_level', name: { ja: '目標レベル', en: 'Target level' }, kind: 'max_level', help: 'Lv1 は全ての企業が対象',
    options: [1, 2, 3].map((l) => ({ value: String(l), name: { ja: `Lv${l}`, en: `Lv${l}` }, help: null })) }],
  groups: [{ id: '1', name: '方針', parent: null }, { id: '2', name: '体制', parent: null }],
  items: [
    item('1', '1', 1, '方針の策定', '情報セキュリティ方針を定め、社内外に周知している', {
      commentary: [{ section: '達成条件', question: '方針には何を書けばよいか？', answer: '経営層の関与、対象範囲、役割を記載します。', references: [] }],
    }),
    item('2', '1', 1, '法令遵守', '関連法令を把握し、遵守している'),
    item('3', '2', 1, '責任者', '情報セキュリティの責任者を任命している'),
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
}

const now = () => new Date().toISOString();

export function installMockBackend() {
  const db: Db = { orgs: [], assessments: [], results: new Map(), lastItem: new Map(), evidence: [], findings: [] };
  (window as unknown as { __mockDb: Db }).__mockDb = db;

  const scoped = (a: Assessment) => catalog.items.filter((i) => (i.level ?? 0) <= Number(a.scope['target_level']?.[0] ?? 9));
  const progress = (id: number): ProgressView => {
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

  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    app_info: () => ({ version: '0.1.0', db_path: '/home/auditor/.local/share/tenken/tenken.db', data_dir: '/home/auditor/.local/share/tenken',
      catalog_dir: '/home/auditor/.local/share/tenken/catalogs', startup_error: null, features: { import: false, scoring: false, export: false, signing: false } }),
    ready: () => 42,
    catalogs: (): CatalogInfo[] => [{ id: catalog.id, version: catalog.version, title: catalog.title, publisher: catalog.publisher, source: catalog.source,
      draft: false, scope: catalog.scope, guidance: catalog.guidance, item_count: catalog.items.length }],
    count_in_scope: (a) => catalog.items.filter((i) => (i.level ?? 0) <= Number((a.scope as Record<string, string[]>)['target_level']?.[0] ?? 9)).length,
    portfolio: (): PortfolioRow[] => db.orgs.map((o) => ({ organisation: o, assessments: db.assessments.filter((a) => a.organisation_id === o.id).map((a) => ({
      assessment: a, catalog_title: catalog.title, progress: progress(a.id), open_actions: db.findings.filter((f) => f.assessment_id === a.id && f.status !== 'done').length, overdue_actions: 0 })) })),
    add_organisation: (a) => {
      const input = a.input as NewOrganisationInput;
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
      const e = { id: db.evidence.length + 1, assessment_id: a.id as number, file_name: path.split('/').pop()!, media_type: 'application/pdf', size: 2048,
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', role: 'supporting', items: a.items as string[], created_at: now() } as Evidence;
      db.evidence.push(e);
      return e;
    },
    add_finding: (a) => {
      const input = a.input as NewFindingInput;
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
    backup: (a) => a.dest,
    restore: (a) => a.src,
    'plugin:dialog|open': () => ['/home/auditor/証跡/セキュリティ方針.pdf'],
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
