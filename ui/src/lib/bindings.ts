// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit.
// Regenerate: TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings
/* eslint-disable */

export type ActionStatus = "open" | "in_progress" | "done";
export type AnswerLabel = { 
/**
 * The answer.
 */
answer: SupplierAnswer, 
/**
 * Its wording in the checksheet's 回答 column.
 */
label: string, };
export type AppInfo = { 
/**
 * App version.
 */
version: string, 
/**
 * The database file in use (from `TENKEN_DB` or the default).
 */
db_path: string, 
/**
 * The folder holding the database.
 */
data_dir: string, 
/**
 * The folder read for user catalogs.
 */
catalog_dir: string, 
/**
 * Why the database could not be opened, if it could not (`store.locked`: it wants its
 * passphrase; `store.missing`: there is none yet).
 */
startup_error: Notice | null, 
/**
 * Whether the open database is encrypted (SQLCipher).
 */
encrypted: boolean, 
/**
 * The folder signing identities are kept in.
 */
identity_dir: string, };
export type Applicability = { 
/**
 * Scope key → the value that must be chosen for this rule to apply.
 */
when: { [key in string]: string }, 
/**
 * Mandatory or recommended under these choices.
 */
need: Need, };
export type Assessment = { 
/**
 * Row id (local to one database).
 */
id: number, 
/**
 * Stable id across databases (bundles carry it), 32 hex digits.
 */
uid: string, 
/**
 * The organisation assessed.
 */
organisation_id: number, 
/**
 * The organisation's name (denormalised for display).
 */
organisation_name: string, 
/**
 * The site assessed, if any.
 */
site_id: number | null, 
/**
 * Catalog id, e.g. `jama-japia-2.2`.
 */
catalog_id: string, 
/**
 * Catalog version, e.g. `2.2`.
 */
catalog_version: string, 
/**
 * Scope choices.
 */
scope: Scope, 
/**
 * Supplier self-assessment, audit, or self-assessment.
 */
kind: AssessmentKind, 
/**
 * Auditor's name.
 */
auditor: string | null, 
/**
 * First day of the assessment.
 */
started_on: string | null, 
/**
 * Last day of the assessment.
 */
ended_on: string | null, 
/**
 * Draft, in review, signed.
 */
status: AssessmentStatus, 
/**
 * Revision number, 1 for the first; a reopen of a signed assessment makes the next.
 */
revision: number, 
/**
 * The assessment this one is a revision of.
 */
previous_revision: number | null, 
/**
 * Creation time (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Last change (RFC 3339, UTC).
 */
updated_at: string, };
export type AssessmentKind = "supplier_self_assessment" | "audit" | "self_assessment";
export type AssessmentRow = { 
/**
 * The assessment.
 */
assessment: Assessment, 
/**
 * Its catalog's title (None if the catalog is not installed).
 */
catalog_title: Text2 | null, 
/**
 * Progress.
 */
progress: Progress | null, 
/**
 * Supplier side of the score.
 */
supplier: Headline | null, 
/**
 * Auditor side of the score.
 */
auditor: Headline | null, 
/**
 * Findings whose corrective action is not done.
 */
open_actions: number, 
/**
 * Open ones past their due date.
 */
overdue_actions: number, };
export type AssessmentStatus = "draft" | "in_review" | "signed";
export type AuditEvent = { 
/**
 * Sequence number (row id), strictly increasing.
 */
seq: number, 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * Who (the OS user or `--actor`).
 */
actor: string, 
/**
 * What was done, e.g. `verdict.set`.
 */
action: string, 
/**
 * The assessment concerned, if any.
 */
assessment_id: number | null, 
/**
 * The thing changed, e.g. `item:49`.
 */
target: string, 
/**
 * State before (JSON), if any.
 */
before: JsonValue | null, 
/**
 * State after (JSON), if any.
 */
after: JsonValue | null, 
/**
 * SHA-256 of the previous row (hex), all zeros for the first.
 */
prev_hash: string, 
/**
 * SHA-256 over `prev_hash` and this row's content (hex).
 */
hash: string, };
export type Bucket = { 
/**
 * Stable key: the level number (`1`), class name (`基本`), group id (`III.1`) or need
 * (`mandatory`, `recommended`).
 */
key: string, 
/**
 * Display label (`Lv1`, `基本`, the group's name, the catalog's word for a need:
 * `必須`/`推奨`, ASP・SaaS `基本`/`推奨`).
 */
label: string, 
/**
 * In-scope items in the bucket.
 */
in_scope: number, 
/**
 * The items' states.
 */
counts: Counts, 
/**
 * implemented ÷ (in scope − not applicable), 0.0–1.0; `None` when nothing is applicable.
 */
rate: number | null, 
/**
 * Section buckets under [`RuleKind::ClassRates`] only: the section's items per class
 * (基本/推奨 rates per section). Absent from the JSON when empty.
 */
classes?: Array<Bucket>, };
export type BundleCheckView = { 
/**
 * The bundle file.
 */
path: string, 
/**
 * The manifest signature: VALID (signer trusted here) or UNTRUSTED (intact, signer unknown);
 * an INVALID bundle is an error, never a check.
 */
verification: VerificationView, 
/**
 * What the bundle's assessment is.
 */
contents: BundleContents, 
/**
 * When the bundle was made (RFC 3339).
 */
created_at: string, 
/**
 * The local id of the same assessment (by uid), when it is already here: importing changes nothing.
 */
already_here: number | null, };
export type BundleContents = { 
/**
 * The assessment's uid.
 */
uid: string, 
/**
 * Revision.
 */
revision: number, 
/**
 * Status in the bundle (an untrusted bundle is stored `in_review` whatever this says).
 */
status: AssessmentStatus, 
/**
 * The organisation assessed.
 */
organisation: string, 
/**
 * The catalog id and version.
 */
catalog_id: string, 
/**
 * The catalog version.
 */
catalog_version: string, 
/**
 * The auditor, when recorded.
 */
auditor: string | null, 
/**
 * Item results, evidence files and findings it carries.
 */
results: number, 
/**
 * Evidence files.
 */
evidence: number, 
/**
 * Findings.
 */
findings: number, };
export type BundleExportInput = { 
/**
 * The assessment.
 */
id: number, 
/**
 * The signing identity.
 */
identity_id: string, 
/**
 * Its passphrase.
 */
passphrase: string, 
/**
 * The bundle file (.tenken) to write.
 */
dest: string, };
export type BundleExported = { 
/**
 * The file.
 */
path: string, 
/**
 * Entries in it (document, evidence, manifest, signature).
 */
entries: number, 
/**
 * Who signed the manifest.
 */
signer: string, };
export type BundleImported = { 
/**
 * The local assessment.
 */
assessment_id: number, 
/**
 * False when it was already here (nothing changed).
 */
created: boolean, 
/**
 * The status it is stored with (an untrusted bundle: in review, never signed).
 */
status: AssessmentStatus, 
/**
 * Whether the signer was trusted (VALID); false: stored marked untrusted.
 */
trusted: boolean, };
export type Catalog = { 
/**
 * Stable id, e.g. `jama-japia-2.2`.
 */
id: string, 
/**
 * Framework version, e.g. `2.2`.
 */
version: string, 
/**
 * Title in Japanese and English.
 */
title: Text2, 
/**
 * Publisher(s), as printed.
 */
publisher: string, 
/**
 * The source document.
 */
source: Source, 
/**
 * True for a draft document (e.g. a discussion paper): reports mark it.
 */
draft: boolean, 
/**
 * Every normalisation made to the source text, and every conflict found in it.
 */
notes: Array<string>, 
/**
 * Labels for the item text fields, where the framework names them differently
 * (e.g. `requirement = "対策項目"`). Keys are [`Item`] field names.
 */
field_labels: { [key in string]: string }, 
/**
 * What the framework calls each [`Need`], with its own definition where it gives one
 * (ASP・SaaS: 基本 / 推奨, which it says are priorities, not requirements). Default 必須 / 推奨.
 */
need_labels: NeedLabels, 
/**
 * Catalog-level guidance (general commentary, pattern tables, risk tables).
 */
guidance: Array<Guidance>, 
/**
 * What an assessment must choose to define its scope.
 */
scope: Array<ScopeDimension>, 
/**
 * The groups (labels, sections) items belong to, in document order.
 */
groups: Array<Group>, 
/**
 * The items, in document order.
 */
items: Array<Item>, 
/**
 * The answer scale: the canonical wording of each supplier answer in this framework.
 */
answer_scale: Array<AnswerLabel>, 
/**
 * How results are scored.
 */
scoring: Scoring, };
export type CatalogImportInput = { 
/**
 * The workbook (xlsx, xlsm, xlsb, xls, ods) with No. and 要求事項 columns.
 */
path: string, 
/**
 * Id of the new catalog (no spaces).
 */
id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * Its version (blank: 1).
 */
version: string | null, 
/**
 * A catalog whose commentary, scope and scoring are joined by No. (e.g. jama-japia-2.2).
 */
based_on: string | null, };
export type CatalogInfo = { 
/**
 * Scope dimensions to choose.
 */
scope: Array<ScopeDimension>, 
/**
 * Catalog-level guidance (pattern tables etc.).
 */
guidance: Array<Guidance>, 
/**
 * Number of items.
 */
item_count: number, 
/**
 * Catalog id.
 */
id: string, 
/**
 * Catalog version.
 */
version: string, 
/**
 * Title.
 */
title: Text2, 
/**
 * Publisher.
 */
publisher: string, 
/**
 * Source document.
 */
source: Source, 
/**
 * Whether the source is a draft.
 */
draft: boolean, };
export type ColumnView = { 
/**
 * What the column holds (`answer`, `no`, `requirement`, …).
 */
role: string, 
/**
 * Column letters.
 */
letters: string, };
export type CommandError = { 
/**
 * Kind of failure (`not_found`, `invalid`, `busy`, `signed`, `unavailable`, `io`, `database`,
 * `internal`): what the UI can do about it.
 */
kind: string, 
/**
 * The stable code of exactly what happened (`store.busy`, `import.encrypted` …); the UI has a
 * Japanese and an English text for each (`error.<code>` in ui/src/locales).
 */
code: string, 
/**
 * The values the text is made of; always `detail`, the English message as the CLI prints
 * it; `reason` where the code covers several situations (the text is
 * `error.<code>.<reason>`), `inner.*` for a wrapped error shown inside the text, `cause` for
 * a library's or the OS's own message (see `tenken::Error::params`).
 */
params: { [key in string]: string }, 
/**
 * What went wrong and where (English, as the CLI prints it).
 */
message: string, };
export type Commentary = { 
/**
 * Which field it explains (`達成条件`, `達成基準`, …).
 */
section: string, 
/**
 * The question (without its ①② marker).
 */
question: string, 
/**
 * The answer text.
 */
answer: string, 
/**
 * Reference links given with the answer.
 */
references: Array<Reference>, };
export type Counts = { 
/**
 * 実施している (auditor: conforms).
 */
implemented: number, 
/**
 * 一部実施している (auditor: partial). Not achieved.
 */
partial: number, 
/**
 * 実施していない (auditor: nonconforming).
 */
not_implemented: number, 
/**
 * 対象外 (auditor: na). Left out of a rate's denominator.
 */
not_applicable: number, 
/**
 * 未回答: no answer, no row (auditor: unverified, or no result at all).
 */
unanswered: number, };
export type Cover = { 
/**
 * Company name (会社名).
 */
company: string | null, 
/**
 * Respondent (回答者).
 */
respondent: string | null, 
/**
 * Date of the answers, ISO `YYYY-MM-DD` when it could be read as a date, else as written.
 */
date: string | null, 
/**
 * The service or product assessed (サービス名), when the cover names one.
 */
service?: string | null, };
export type Discrepancy = { 
/**
 * The item id.
 */
item_id: string, 
/**
 * Which way they disagree.
 */
kind: DiscrepancyKind, 
/**
 * The supplier's answer.
 */
supplier: SupplierAnswer, 
/**
 * The auditor's verdict.
 */
auditor: Verdict, };
export type DiscrepancyKind = "auditor_disagrees" | "auditor_found_better";
export type EvaluationItem = { 
/**
 * Letter as printed (`a`).
 */
id: string, 
/**
 * The evaluation item text.
 */
text: string, 
/**
 * Reference values (対策参照値), one per pattern.
 */
reference: Array<ReferenceValue>, };
export type Evidence = { 
/**
 * Row id.
 */
id: number, 
/**
 * The assessment it belongs to.
 */
assessment_id: number, 
/**
 * Original file name.
 */
file_name: string, 
/**
 * Media type guessed from the name (e.g. `application/pdf`).
 */
media_type: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * SHA-256 of the bytes, lowercase hex.
 */
sha256: string, 
/**
 * Role of the file.
 */
role: EvidenceRole, 
/**
 * Items it supports.
 */
items: Array<string>, 
/**
 * When it was added (RFC 3339, UTC).
 */
created_at: string, };
export type EvidenceRole = "supporting" | "original_checksheet" | "exported_report";
export type ExportDefaults = { 
/**
 * Default folder.
 */
folder: string, 
/**
 * File name without extension.
 */
stem: string, 
/**
 * Whether the assessment is already signed (then it cannot be signed again).
 */
signed: boolean, };
export type ExportOutcome = { 
/**
 * Files written.
 */
files: Array<WrittenFileView>, 
/**
 * Whether the assessment was signed off (now read-only).
 */
signed_off: boolean, 
/**
 * The signatures of the written files, verified after writing them.
 */
checks: Array<VerificationView>, };
export type ExportRequest = { 
/**
 * Assessment id.
 */
id: number, 
/**
 * Folder to write into (created if missing).
 */
folder: string, 
/**
 * The PDF audit report.
 */
pdf: boolean, 
/**
 * The Excel results.
 */
xlsx: boolean, 
/**
 * The JSON document.
 */
json: boolean, 
/**
 * Sign (PDF: PAdES; workbook: detached .p7s) and sign the assessment off.
 */
sign: SignInput | null, };
export type FailedFile = { 
/**
 * The file.
 */
file: string, 
/**
 * Why (nothing of it was stored).
 */
error: Notice, };
export type FilePreviewView = { 
/**
 * The file.
 */
file: string, 
/**
 * What it would import as, when it can be read.
 */
reading: FileReading | null, 
/**
 * Why it cannot be imported.
 */
error: Notice | null, };
export type FileReading = { 
/**
 * The organisation it would be stored under.
 */
organisation: string, 
/**
 * Format recognised (xlsx, xls, ods, …).
 */
format: string, 
/**
 * The sheet holding the table.
 */
sheet: string, 
/**
 * The header row, 1-based.
 */
header_row: number, 
/**
 * Columns found in the header (files only; empty in a folder preview).
 */
columns: Array<ColumnView>, 
/**
 * The answer column read.
 */
answer_column: string | null, 
/**
 * Cover-sheet fields.
 */
cover: Cover, 
/**
 * Answers over the catalog's items in scope.
 */
counts: Counts, 
/**
 * Items the sheet has beyond the catalog (ids for a file; only counted in a folder).
 */
extra_items: Array<string>, 
/**
 * Number of items beyond the catalog.
 */
extra_count: number, 
/**
 * Warnings with their cells.
 */
warnings: Array<Issue>, 
/**
 * Row errors with their cells.
 */
errors: Array<Issue>, };
export type Finding = { 
/**
 * Row id.
 */
id: number, 
/**
 * The assessment.
 */
assessment_id: number, 
/**
 * The item it concerns, if any.
 */
item_id: string | null, 
/**
 * Severity.
 */
severity: Severity, 
/**
 * What was found.
 */
description: string, 
/**
 * The corrective action agreed.
 */
corrective_action: string | null, 
/**
 * Who owns the corrective action.
 */
owner: string | null, 
/**
 * When it is due.
 */
due_date: string | null, 
/**
 * Corrective action status.
 */
status: ActionStatus, 
/**
 * Created (RFC 3339, UTC).
 */
created_at: string, 
/**
 * Last change (RFC 3339, UTC).
 */
updated_at: string, };
export type FindingPatch = { 
/**
 * New severity.
 */
severity: Severity | null, 
/**
 * New description.
 */
description: string | null, 
/**
 * New corrective action.
 */
corrective_action: string | null, 
/**
 * New owner.
 */
owner: string | null, 
/**
 * New due date.
 */
due_date: string | null, 
/**
 * New status.
 */
status: ActionStatus | null, };
export type Gate = { 
/**
 * True when every mandatory in-scope item is implemented or not applicable.
 */
passed: boolean, 
/**
 * Mandatory in-scope items.
 */
mandatory: number, 
/**
 * Ids of the mandatory items that are partial, not implemented or unanswered, in catalog order.
 */
failing: Array<string>, };
export type GradeBand = { 
/**
 * Grade letter (`S`, `A`, …).
 */
grade: string, 
/**
 * Minimum overall rate, 0.0–1.0.
 */
min_rate: number, };
export type Group = { 
/**
 * Id, unique in the catalog (`1`, `III.1`, `external/認証要件`).
 */
id: string, 
/**
 * Name as printed (`方針`).
 */
name: string, 
/**
 * Parent group, for nested sections.
 */
parent: string | null, };
export type Guidance = { 
/**
 * Heading.
 */
title: string, 
/**
 * Body text (plain text; paragraphs separated by blank lines).
 */
text: string, 
/**
 * Optional table, first row the header.
 */
table: Array<Array<string>>, };
export type Headline = { 
/**
 * Overall rate 0–1 (None when nothing is applicable).
 */
rate: number | null, 
/**
 * Grade S–D.
 */
grade: string | null, 
/**
 * Highest level achieved (JAMA).
 */
level_achieved: number | null, 
/**
 * Whether every mandatory item is met (external criteria, METI).
 */
gate_passed: boolean | null, 
/**
 * Whether the catalog's rule rates by level (JAMA): then no `level_achieved` means no level
 * was achieved (未達), not that there is no level to show.
 */
by_level: boolean, };
export type IdentityInfo = { 
/**
 * Identity id.
 */
id: string, 
/**
 * Signer's name.
 */
name: string, 
/**
 * Signer's organisation.
 */
org: string, 
/**
 * E-mail address.
 */
email: string | null, 
/**
 * `local-root`, `imported` or `requested` (cannot sign yet).
 */
kind: string, 
/**
 * Created or imported, RFC 3339.
 */
created: string, 
/**
 * SHA-256 of the signing certificate.
 */
cert_fingerprint: string | null, 
/**
 * End of the certificate's validity, RFC 3339.
 */
not_after: string | null, 
/**
 * Where it is stored.
 */
folder: string, };
export type ImportIdentityInput = { 
/**
 * The .p12/.pfx file.
 */
path: string, 
/**
 * Its password.
 */
p12_password: string, 
/**
 * New passphrase protecting the key in Tenken.
 */
passphrase: string, };
export type ImportInput = { 
/**
 * The file or folder (picked, dropped or typed).
 */
path: string, 
/**
 * Catalog id.
 */
catalog_id: string, 
/**
 * Catalog version (newest when absent).
 */
catalog_version: string | null, 
/**
 * Scope of the new assessment(s).
 */
scope: Scope, 
/**
 * Organisation name; the cover sheet's company (else the file name) when absent.
 */
organisation: string | null, 
/**
 * Add the answers to this assessment instead of creating one (files only).
 */
into: number | null, 
/**
 * Import even if the same file was already imported into the assessment.
 */
force: boolean, };
export type ImportOutcome = { 
/**
 * Files stored, each in its own transaction.
 */
imported: Array<ImportedFile>, 
/**
 * Files not stored.
 */
failed: Array<FailedFile>, };
export type ImportPreview = { 
/**
 * Pass to `import_commit` to store what was previewed.
 */
token: number, 
/**
 * Whether a folder was read.
 */
folder: boolean, 
/**
 * The file or folder.
 */
path: string, 
/**
 * Catalog read against.
 */
catalog_id: string, 
/**
 * Its version.
 */
catalog_version: string, 
/**
 * Each file.
 */
files: Array<FilePreviewView>, };
export type ImportedFile = { 
/**
 * The file.
 */
file: string, 
/**
 * The assessment holding its answers.
 */
assessment_id: number, 
/**
 * The organisation.
 */
organisation: string, 
/**
 * Answers stored.
 */
counts: Counts, 
/**
 * SHA-256 of the original, kept as evidence.
 */
sha256: string, };
export type Issue = { 
/**
 * Sheet name.
 */
sheet: string, 
/**
 * Row number, 1-based.
 */
row: number | null, 
/**
 * Column letters (`H`).
 */
column: string | null, 
/**
 * Cell reference (`チェックシート!H22`).
 */
cell: string | null, 
/**
 * Stable code (`import.row_repeated`); the UI's text for it is `notice.<code>`.
 */
code: string, 
/**
 * The values the message is made of, by name.
 */
params: { [key in string]: string }, 
/**
 * The English message, as the CLI prints it.
 */
message: string, };
export type Item = { 
/**
 * Id as the framework numbers it (`49`, `III.1.1.1`); unique in the catalog.
 */
id: string, 
/**
 * The group id it belongs to.
 */
group: string, 
/**
 * Level (JAMA Lv1–Lv3).
 */
level: number | null, 
/**
 * Class (`基本`/`推奨` for ASP・SaaS, `技術要件`/`品質管理要件` for METI ISS).
 */
class: string | null, 
/**
 * Short name (項目), where the framework has one.
 */
title: string | null, 
/**
 * 目的.
 */
purpose: string | null, 
/**
 * 要求事項 / 対策項目: the requirement itself.
 */
requirement: string, 
/**
 * 達成条件.
 */
condition: string | null, 
/**
 * 達成基準 / 実施基準・実施例.
 */
criteria: string | null, 
/**
 * ベストプラクティス (ASP・SaaS).
 */
best_practices: Array<string>, 
/**
 * 評価項目 with 対策参照値 (ASP・SaaS).
 */
evaluation: Array<EvaluationItem>, 
/**
 * 解説 questions and answers (JAMA).
 */
commentary: Array<Commentary>, 
/**
 * When the item applies, by scope choice; empty = always (subject to `level`).
 */
applicability: Array<Applicability>, 
/**
 * Need when no applicability rule says otherwise.
 */
need: Need | null, 
/**
 * Notes on the item's text as the source prints it (a typo kept, a requirement filed under
 * an unexpected label), quoting the source; shown beside the item.
 */
notes: Array<string>, };
export type ItemResult = { 
/**
 * The item id as the catalog numbers it (`49`, `III.1.1.1`).
 */
item_id: string, 
/**
 * Supplier's answer (normalised).
 */
answer: SupplierAnswer, 
/**
 * The answer cell's text as the supplier typed it.
 */
answer_raw: string | null, 
/**
 * Supplier's remark (備考).
 */
remark: string | null, 
/**
 * Auditor's verdict.
 */
verdict: Verdict, 
/**
 * Auditor's rationale note.
 */
note: string | null, 
/**
 * Last change (RFC 3339, UTC).
 */
updated_at: string, };
export type ItemUpdate = { 
/**
 * The item's stored result.
 */
result: ItemResult | null, 
/**
 * Progress after the change.
 */
progress: Progress, };
export type JobProgress = { 
/**
 * `import-read`, `import-store`, `export`.
 */
job: string, 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, 
/**
 * What is being worked on (a file name).
 */
current: string, };
export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;
export type MustAchieve = { 
/**
 * The control's item id (`III.1.1.1`).
 */
item_id: string, 
/**
 * The evaluation item's letter (`a`).
 */
evaluation_id: string, 
/**
 * The evaluation item text.
 */
text: string, 
/**
 * The chosen pattern.
 */
pattern: number, 
/**
 * The reference value, without its `*`.
 */
value: string, 
/**
 * The supplier's answer to the control.
 */
supplier: SupplierAnswer, 
/**
 * The auditor's verdict on the control.
 */
auditor: Verdict, };
export type Need = "mandatory" | "recommended";
export type NeedLabel = { 
/**
 * The word as the framework prints it (`必須`, `基本`).
 */
ja: string, 
/**
 * English.
 */
en: string, 
/**
 * The framework's definition of the word, quoted exactly; None where it gives none.
 */
meaning: string | null, 
/**
 * Where the definition is printed (`I. 8. 2 基本・推奨`).
 */
quoted_from: string | null, };
export type NeedLabels = { 
/**
 * The stronger level.
 */
mandatory: NeedLabel, 
/**
 * The weaker level.
 */
recommended: NeedLabel, };
export type NewAssessmentInput = { 
/**
 * Organisation.
 */
organisation_id: number, 
/**
 * Site name.
 */
site: string | null, 
/**
 * Catalog id.
 */
catalog_id: string, 
/**
 * Catalog version.
 */
catalog_version: string, 
/**
 * Scope choices.
 */
scope: Scope, 
/**
 * Kind.
 */
kind: AssessmentKind, 
/**
 * Auditor.
 */
auditor: string | null, 
/**
 * First day (ISO).
 */
started_on: string | null, 
/**
 * Last day (ISO).
 */
ended_on: string | null, };
export type NewFinding = { 
/**
 * Assessment.
 */
assessment_id: number, 
/**
 * Item concerned.
 */
item_id: string | null, 
/**
 * Severity.
 */
severity: Severity, 
/**
 * What was found.
 */
description: string, 
/**
 * Corrective action.
 */
corrective_action: string | null, 
/**
 * Owner.
 */
owner: string | null, 
/**
 * Due date.
 */
due_date: string | null, };
export type NewIdentityInput = { 
/**
 * Signer's name (certificate CN).
 */
name: string, 
/**
 * Signer's organisation.
 */
org: string, 
/**
 * E-mail address (ASCII).
 */
email: string | null, 
/**
 * Passphrase protecting the key (wiped on drop, never in `Debug`).
 */
passphrase: string, };
export type NewOrganisation = { 
/**
 * Name (unique).
 */
name: string, 
/**
 * Supplier or own firm.
 */
kind: OrgKind, 
/**
 * Optional code.
 */
code: string | null, };
export type Notice = { 
/**
 * Stable code (`import.row_repeated`); the UI's text for it is `notice.<code>`.
 */
code: string, 
/**
 * The values the message is made of, by name.
 */
params: { [key in string]: string }, 
/**
 * The English message, as the CLI prints it.
 */
message: string, };
export type OrgKind = "supplier" | "own";
export type Organisation = { 
/**
 * Row id.
 */
id: number, 
/**
 * Display name (usually the Japanese company name).
 */
name: string, 
/**
 * Supplier or own firm.
 */
kind: OrgKind, 
/**
 * Optional code (supplier number at the OEM).
 */
code: string | null, 
/**
 * Sites (plants, offices) of the organisation.
 */
sites: Array<Site>, 
/**
 * When the row was created (RFC 3339, UTC).
 */
created_at: string, };
export type PathElementView = { 
/**
 * Subject CN.
 */
subject: string, 
/**
 * SHA-256 fingerprint (hex).
 */
sha256: string, 
/**
 * Signer, intermediate, trust anchor, untrusted self-signed root, or the last one found.
 */
role: PathRole, 
/**
 * Whether the signature carries it (a trust anchor need not be embedded).
 */
embedded: boolean, };
export type PathRole = "signer" | "intermediate" | "trust_anchor" | "untrusted_root" | "incomplete";
export type PortfolioRow = { 
/**
 * The organisation.
 */
organisation: Organisation, 
/**
 * Its assessments, newest first.
 */
assessments: Array<AssessmentRow>, };
export type Progress = { 
/**
 * Items in scope.
 */
in_scope: number, 
/**
 * In-scope items with a verdict other than unverified.
 */
verified: number, 
/**
 * In-scope items the supplier answered.
 */
answered: number, 
/**
 * The item worked on last, to resume there.
 */
last_item: string | null, };
export type Reference = { 
/**
 * The label printed before the link (`参考(※1)`, `参考：秘密情報の保護ハンドブック（経済産業省）`).
 */
label: string | null, 
/**
 * The URL as printed.
 */
url: string, };
export type ReferenceValue = { 
/**
 * Pattern 1–6.
 */
pattern: number, 
/**
 * Value as printed without the `*` (`1回以上／5分`, `-`).
 */
value: string, 
/**
 * True where the source marks the value with `*` (must be achieved).
 */
must: boolean, };
export type RuleKind = "level_achievement" | "class_rates" | "mandatory_gate";
export type Scope = { [key in string]: Array<string> };
export type ScopeDimension = { 
/**
 * Key used in assessments and on the command line (`target_level`, `pattern`, `ismap`, `role`).
 */
key: string, 
/**
 * Display name.
 */
name: Text2, 
/**
 * How it selects items.
 */
kind: ScopeKind, 
/**
 * The options.
 */
options: Array<ScopeOption>, 
/**
 * Help for choosing.
 */
help: string | null, };
export type ScopeKind = "max_level" | "choice" | "multi";
export type ScopeOption = { 
/**
 * Value stored in the assessment (`1`, `registered`, `provider`, `audit`).
 */
value: string, 
/**
 * Display name.
 */
name: Text2, 
/**
 * Help (e.g. the typical services of an ASP・SaaS pattern).
 */
help: string | null, };
export type ScopedRef = { 
/**
 * Item id.
 */
item_id: string, 
/**
 * Mandatory / recommended.
 */
need: Need | null, };
export type ScoreReport = { 
/**
 * Catalog id.
 */
catalog_id: string, 
/**
 * Catalog version.
 */
catalog_version: string, 
/**
 * True when the catalog is a draft document.
 */
draft: boolean, 
/**
 * The catalog's scoring rule.
 */
rule: RuleKind, 
/**
 * The scope scored.
 */
scope: Scope, 
/**
 * Number of in-scope items.
 */
in_scope: number, 
/**
 * The supplier's self-answers.
 */
supplier: SideScore, 
/**
 * The auditor's verdicts.
 */
auditor: SideScore, 
/**
 * Must-achieve evaluation items for the chosen pattern (empty without a pattern).
 */
must_achieve: Array<MustAchieve>, 
/**
 * Items where the two sides disagree, in catalog order.
 */
discrepancies: Array<Discrepancy>, 
/**
 * Open findings, as supplied by the caller.
 */
open_findings: number, };
export type Scoring = { 
/**
 * The rule.
 */
rule: RuleKind, 
/**
 * The classes, in order, for [`RuleKind::ClassRates`].
 */
classes: Array<string>, 
/**
 * Grade bands, highest first.
 */
grades: Array<GradeBand>, };
export type Severity = "critical" | "major" | "minor" | "observation";
export type SideScore = { 
/**
 * States of all in-scope items.
 */
counts: Counts, 
/**
 * Overall rate, 0.0–1.0; `None` when no item is applicable.
 */
rate: number | null, 
/**
 * [`NO_APPLICABLE_ITEMS`] when the rate is `None`.
 */
rate_note: string | null, 
/**
 * Grade (`S`…`D`) from the catalog's grade bands on the overall rate; `None` with no rate.
 */
grade: string | null, 
/**
 * Per level, ascending (items with a level only; empty when no item has one).
 */
levels: Array<Bucket>, 
/**
 * Per class (`scoring.classes` order, then first appearance; empty when no item has one).
 */
classes: Array<Bucket>, 
/**
 * Per section (see the module doc), in catalog group order.
 */
groups: Array<Bucket>, 
/**
 * Per need (`mandatory`, `recommended`; items whose scope gives them a need).
 */
needs: Array<Bucket>, 
/**
 * Rate of the recommended in-scope items (`None` when none is applicable).
 */
recommended_rate: number | null, 
/**
 * [`RuleKind::LevelAchievement`] only: the highest level achieved; `None` if Lv1 is not.
 */
level_achieved: number | null, 
/**
 * [`RuleKind::MandatoryGate`] only: the gate.
 */
gate: Gate | null, };
export type SignInput = { 
/**
 * Identity id.
 */
identity_id: string, 
/**
 * Its passphrase.
 */
passphrase: string, 
/**
 * /Reason of the signature.
 */
reason: string | null, 
/**
 * /Location of the signature.
 */
location: string | null, };
export type Site = { 
/**
 * Row id.
 */
id: number, 
/**
 * Site name.
 */
name: string, };
export type Source = { 
/**
 * Document title as published.
 */
title: string, 
/**
 * Document version (版).
 */
version: string, 
/**
 * Publication date, ISO `YYYY-MM-DD` (or `YYYY-MM` when only the month is printed).
 */
date: string, 
/**
 * The source text's file name (in the repository's `catalogs/sources/`).
 */
file: string | null, };
export type Status = "VALID" | "UNTRUSTED" | "INVALID";
export type SupplierAnswer = "implemented" | "partial" | "not_implemented" | "not_applicable" | "unanswered";
export type Text2 = { 
/**
 * Japanese (the source language of every built-in framework).
 */
ja: string, 
/**
 * English.
 */
en: string, };
export type TrailView = { 
/**
 * Whether everything held.
 */
ok: boolean, 
/**
 * Rows in the chain.
 */
rows: number, 
/**
 * The last row's number.
 */
head_seq: number | null, 
/**
 * Signed anchors in the trail, and how many of them hold (signature VALID, covering the
 * rows they name).
 */
anchors: number, 
/**
 * Anchors that hold.
 */
anchors_holding: number, 
/**
 * The last row covered by an anchor that holds.
 */
anchored_to: number | null, 
/**
 * The report or bundle checked against the trail, when one was given.
 */
against: string | null, 
/**
 * Every failure, with its code (empty when the trail holds).
 */
failures: Array<Notice>, 
/**
 * Things worth knowing that are not failures (the unsigned tail …).
 */
notes: Array<Notice>, };
export type TrustedRootView = { 
/**
 * SHA-256 fingerprint (lowercase hex).
 */
fingerprint: string, 
/**
 * The name it is listed under.
 */
name: string, 
/**
 * Its organisation (O), when named.
 */
organisation: string | null, 
/**
 * End of validity (RFC 3339).
 */
not_after: string, 
/**
 * `list` (added by the user) or `identity` (the root of an own signing identity).
 */
source: string, };
export type Verdict = "conforms" | "partial" | "nonconforming" | "na" | "unverified";
export type VerificationView = { 
/**
 * The file checked.
 */
file: string, 
/**
 * VALID, UNTRUSTED or INVALID: the outcome to show (UNTRUSTED is never shown as valid).
 */
status: Status, 
/**
 * Whether the status is VALID (intact and trusted); UNTRUSTED is `false`.
 */
valid: boolean, 
/**
 * Why it is invalid.
 */
problems: Array<Notice>, 
/**
 * Information (e.g. the root is not trusted here).
 */
notes: Array<Notice>, 
/**
 * Signer's name.
 */
signer: string | null, 
/**
 * Signer's organisation.
 */
signer_org: string | null, 
/**
 * SHA-256 of the signing certificate.
 */
cert_sha256: string | null, 
/**
 * When it was signed, RFC 3339.
 */
signing_time: string | null, 
/**
 * The last certificate of a complete path (trust anchor or self-signed root).
 */
root_name: string | null, 
/**
 * Whether the path is complete, every link verifies and every path rule holds.
 */
chain_ok: boolean, 
/**
 * Whether the path ends at a trust anchor of this computer (trust list or own identity).
 */
root_trusted: boolean, 
/**
 * The certificate path built, signer first.
 */
path: Array<PathElementView>, 
/**
 * Why the path does not lead to a trusted root, if it does not.
 */
path_failure: Notice | null, };
export type WalkData = { 
/**
 * The assessment.
 */
assessment: Assessment, 
/**
 * Its catalog, extended with imported extra items.
 */
catalog: Catalog, 
/**
 * The items in scope, in catalog order.
 */
scoped: Array<ScopedRef>, 
/**
 * Stored item results.
 */
results: Array<ItemResult>, 
/**
 * Evidence files.
 */
evidence: Array<Evidence>, 
/**
 * Findings.
 */
findings: Array<Finding>, 
/**
 * Progress.
 */
progress: Progress, };
export type WrittenFileView = { 
/**
 * Where.
 */
path: string, 
/**
 * `pdf`, `xlsx`, `p7s` or `json`.
 */
kind: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * SHA-256 (hex).
 */
sha256: string, 
/**
 * Whether it is or carries a signature.
 */
signed: boolean, };
