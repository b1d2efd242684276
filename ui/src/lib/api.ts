// Typed calls to the shell's commands. Argument and result types come from bindings.ts, which is
// generated from the Rust types, so a contract change breaks the build instead of the app.
import { invoke } from '@tauri-apps/api/core';
import type {
  AppInfo,
  Assessment,
  CatalogInfo,
  CommandError,
  Evidence,
  ExportDefaults,
  ExportOutcome,
  ExportRequest,
  Finding,
  FindingPatchInput,
  IdentityInfo,
  ImportIdentityInput,
  ImportInput,
  ImportOutcome,
  ImportPreview,
  ItemUpdate,
  NewAssessmentInput,
  NewFindingInput,
  NewIdentityInput,
  NewOrganisationInput,
  Organisation,
  PortfolioRow,
  ScoreReport,
  Scope,
  Verdict,
  VerificationView,
  WalkData,
} from './bindings';

/** The message of a failed command (CommandError) or of any other thrown value. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as CommandError).message);
  return String(e);
}

export const api = {
  appInfo: () => invoke<AppInfo>('app_info'),
  ready: () => invoke<number>('ready'),
  catalogs: () => invoke<CatalogInfo[]>('catalogs'),
  countInScope: (catalog_id: string, catalog_version: string, scope: Scope) =>
    invoke<number>('count_in_scope', { catalog_id, catalog_version, scope }),
  portfolio: () => invoke<PortfolioRow[]>('portfolio'),
  addOrganisation: (input: NewOrganisationInput) => invoke<Organisation>('add_organisation', { input }),
  createAssessment: (input: NewAssessmentInput) => invoke<Assessment>('create_assessment', { input }),
  openAssessment: (id: number) => invoke<WalkData>('open_assessment', { id }),
  setVerdict: (id: number, item: string, verdict: Verdict) => invoke<ItemUpdate>('set_verdict', { id, item, verdict }),
  setNote: (id: number, item: string, note: string) => invoke<ItemUpdate>('set_note', { id, item, note }),
  setLastItem: (id: number, item: string) => invoke<null>('set_last_item', { id, item }),
  addEvidence: (id: number, items: string[], path: string) => invoke<Evidence>('add_evidence', { id, items, path }),
  evidenceThumbnail: (id: number, evidence_id: number) => invoke<string | null>('evidence_thumbnail', { id, evidence_id }),
  addFinding: (input: NewFindingInput) => invoke<Finding>('add_finding', { input }),
  updateFinding: (finding_id: number, patch: FindingPatchInput) => invoke<Finding>('update_finding', { finding_id, patch }),
  score: (id: number) => invoke<ScoreReport>('score', { id }),
  backup: (dest: string) => invoke<string>('backup', { dest }),
  restore: (src: string) => invoke<string>('restore', { src }),
  reopenAssessment: (id: number) => invoke<Assessment>('reopen_assessment', { id }),
  importPreview: (input: ImportInput) => invoke<ImportPreview>('import_preview', { input }),
  importCommit: (token: number) => invoke<ImportOutcome>('import_commit', { token }),
  importCancel: () => invoke<null>('import_cancel'),
  identities: () => invoke<IdentityInfo[]>('identities'),
  createIdentity: (input: NewIdentityInput) => invoke<IdentityInfo>('create_identity', { input }),
  importIdentity: (input: ImportIdentityInput) => invoke<IdentityInfo>('import_identity', { input }),
  exportIdentityCert: (id: string, dest: string) => invoke<string>('export_identity_cert', { id, dest }),
  exportDefaults: (id: number) => invoke<ExportDefaults>('export_defaults', { id }),
  exportReport: (input: ExportRequest) => invoke<ExportOutcome>('export_report', { input }),
  verifyFile: (path: string) => invoke<VerificationView>('verify_file', { path }),
};
