// Typed calls to the shell's commands. Argument and result types come from bindings.ts, which is
// generated from the Rust types, so a contract change breaks the build instead of the app.
import { invoke } from '@tauri-apps/api/core';
import type {
  AppInfo,
  Assessment,
  CatalogInfo,
  CommandError,
  Evidence,
  Finding,
  FindingPatchInput,
  ItemUpdate,
  NewAssessmentInput,
  NewFindingInput,
  NewOrganisationInput,
  Organisation,
  PortfolioRow,
  Scope,
  Verdict,
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
  addFinding: (input: NewFindingInput) => invoke<Finding>('add_finding', { input }),
  updateFinding: (finding_id: number, patch: FindingPatchInput) => invoke<Finding>('update_finding', { finding_id, patch }),
  backup: (dest: string) => invoke<string>('backup', { dest }),
  restore: (src: string) => invoke<string>('restore', { src }),
};
