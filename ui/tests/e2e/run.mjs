// End-to-end test of the real app: tauri-driver + WebKitWebDriver drive the built tenken-app in
// Xvfb. It creates an organisation and a JAMA Lv1 assessment, sets verdicts by keyboard, writes
// a note, adds evidence and a finding, opens the summary, kills the app mid-walk, restarts it and
// checks everything is still there — on screen and in the database (read with the tenken CLI).
//
// Env: TENKEN_APP_BIN (the app binary), TENKEN_CLI_BIN (the tenken CLI). Run under xvfb-run.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, readlinkSync, copyFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import assert from 'node:assert/strict';
import { WebDriver, KEY } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const APP = resolve(process.env.TENKEN_APP_BIN ?? join(target, 'debug/tenken-app'));
const CLI = resolve(process.env.TENKEN_CLI_BIN ?? join(target, 'debug/tenken'));
const shots = join(root, 'ui/test-results/e2e');
mkdirSync(shots, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'tenken-e2e-'));
const db = join(work, 'e2e.db');
const dataHome = join(work, 'data');
mkdirSync(join(dataHome, 'tenken/catalogs'), { recursive: true });
// Local development only: try a catalog that is not built in yet.
if (process.env.TENKEN_E2E_USER_CATALOG) {
  copyFileSync(process.env.TENKEN_E2E_USER_CATALOG, join(dataHome, 'tenken/catalogs/extra.toml'));
}
const evidenceFile = join(work, '情報セキュリティ方針.txt');
writeFileSync(evidenceFile, '情報セキュリティ方針 2026年4月改定（e2e 証跡）\n');
const evidenceSha = createHash('sha256').update(readFileSync(evidenceFile)).digest('hex');

const env = { ...process.env, TENKEN_DB: db, XDG_DATA_HOME: dataHome, TENKEN_ACTOR: 'e2e-auditor', LANG: 'ja_JP.UTF-8' };
const freePort = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const port = await freePort();
const nativePort = await freePort();
const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
const wd = new WebDriver(`http://127.0.0.1:${port}`);
const timings = {};

/** Pids of the app processes started under tauri-driver (found by walking its process tree). */
function appPids() {
  const children = new Map();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const found = [];
  const walk = (pid) => {
    for (const c of children.get(pid) ?? []) {
      try { if (readlinkSync(`/proc/${c}/exe`) === APP) found.push(c); } catch { /* gone */ }
      walk(c);
    }
  };
  walk(driver.pid);
  return found;
}

async function shot(name) {
  writeFileSync(join(shots, `${name}.png`), Buffer.from(await wd.screenshot(), 'base64'));
}

async function startApp() {
  const t = Date.now();
  for (let i = 0; ; i++) {
    try {
      await wd.start(APP);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await sleep(200); // tauri-driver still starting
    }
  }
  const el = await wd.waitFor('body[data-ready-ms]', { timeout: 20000 });
  timings['app ready reported (ms after process start)'] = Number(await wd.attr(await wd.find('body'), 'data-ready-ms'));
  timings['session start → portfolio shown (ms)'] = Date.now() - t;
  return el;
}

const currentItem = async () => wd.attr(await wd.find('article[data-item]'), 'data-item');
async function waitItemChange(from) {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    const now = await currentItem().catch(() => from);
    if (now !== from) return now;
    await sleep(50);
  }
  throw new Error(`item did not move on from ${from}`);
}

let failed = false;
try {
  await startApp();
  await wd.waitFor('[data-testid="home-empty"]');
  await shot('01-home-empty');

  // Organisation (Japanese name typed through the real webview).
  await wd.click(await wd.find('[data-testid="new-org"]'));
  await wd.type(await wd.waitFor('[data-testid="org-name"]'), '株式会社テスト部品');
  await wd.type(await wd.find('[data-testid="org-code"]'), 'T-0042');
  await wd.click(await wd.find('[data-testid="org-create"]'));

  // JAMA Lv1 assessment.
  await wd.waitFor('[data-testid="new-assessment"]');
  await wd.click(await wd.waitFor('option[value^="jama-japia-2.2@"]'));
  await wd.click(await wd.waitFor('[data-testid="scope-target_level"] input[value="1"]'));
  await wd.type(await wd.find('[data-testid="a-auditor"]'), '監査 花子');
  await sleep(300);
  await shot('02-new-assessment');
  await wd.click(await wd.find('[data-testid="a-create"]'));

  // Walkthrough by keyboard: 1 conforms, 2 partial, 3 nonconforming, j skip, 4 n/a.
  await wd.waitFor('article[data-item]');
  const expected = {};
  const inScope = (await wd.findAll('[data-testid="item-list"] button.item')).length;
  assert.ok(inScope > 5, `JAMA Lv1 should put several items in scope, got ${inScope}`);
  for (const [key, verdict] of [['1', 'conforms'], ['2', 'partial'], ['3', 'nonconforming'], ['j', null], ['4', 'na']]) {
    const item = await currentItem();
    if (verdict) expected[item] = verdict;
    await wd.keys(key);
    await waitItemChange(item);
  }
  await wd.keys(KEY.ArrowUp, KEY.ArrowUp); // back onto the skipped item
  const noted = await currentItem();
  assert.ok(!(noted in expected), `the skipped item ${noted} has no verdict`);
  const note = '規程はあるが周知記録が見当たらない。次回、教育記録を確認する。';
  await wd.type(await wd.find('[data-testid="note"]'), note);
  await wd.waitFor('[data-testid="note-state"]', { text: '保存済み' });
  await shot('03-walkthrough');

  // Evidence: the same command the picker and the drop zone call, with a real file.
  const evidence = await wd.execAsync(
    'const [id, item, path, done] = arguments; window.__TAURI_INTERNALS__.invoke("add_evidence", { id, items: [item], path }).then(done, (e) => done({ error: e }));',
    [1, noted, evidenceFile],
  );
  assert.equal(evidence.sha256, evidenceSha, JSON.stringify(evidence));

  // A finding through the form.
  await wd.click(await wd.find('[data-testid="finding-add"]'));
  await wd.type(await wd.waitFor('[data-testid="finding-desc"]'), '周知の記録がない');
  await wd.click(await wd.find('[data-testid="finding-save"]'));
  await wd.waitFor('[data-testid="finding-add"]');

  // Summary.
  await wd.click(await wd.find('[data-testid="nav-summary"]'));
  await wd.waitFor('[data-testid="summary-progress"]', { text: `確認済み ${Object.keys(expected).length} / 対象 ${inScope}` });
  await shot('04-summary');

  // Back to the walk, type more of the note, then kill the app hard mid-walk.
  await wd.click(await wd.find('[data-testid="nav-walk"]'));
  await wd.waitFor(`article[data-item="${noted}"]`);
  const more = '（追記）';
  await wd.click(await wd.find('[data-testid="note"]'));
  await wd.keys(...more);
  await wd.waitFor('[data-testid="note-state"]', { text: '保存済み' });
  const pids = appPids();
  assert.ok(pids.length >= 1, 'found the app process');
  for (const p of pids) process.kill(p, 'SIGKILL');
  await wd.quit();
  await sleep(500);

  // Restart: resume where I left off, every verdict and the note still there.
  await startApp();
  await wd.click(await wd.waitFor('[data-testid="open-assessment"]'));
  await wd.waitFor('[data-testid="resumed"]');
  assert.equal(await currentItem(), noted, 'resumed on the item last worked on');
  assert.equal(await wd.prop(await wd.find('[data-testid="note"]'), 'value'), note + more);
  for (const [item, verdict] of Object.entries(expected)) {
    assert.equal(await wd.attr(await wd.find(`[data-testid="item-list"] button[data-item="${item}"]`), 'data-verdict'), verdict, `item ${item} on screen`);
  }
  await wd.waitFor('[data-testid="evidence-list"]', { text: evidenceSha });
  await shot('05-after-restart');

  // The database, read with the CLI.
  const shown = JSON.parse(execFileSync(CLI, ['--db', db, 'assessment', 'show', '1', '--json'], { encoding: 'utf8' }));
  const byItem = Object.fromEntries(shown.results.map((r) => [r.item_id, r]));
  for (const [item, verdict] of Object.entries(expected)) assert.equal(byItem[item]?.verdict, verdict, `stored verdict of item ${item}`);
  assert.equal(byItem[noted]?.note, note + more, 'stored note');
  assert.equal(byItem[noted]?.verdict, 'unverified');
  assert.equal(shown.evidence[0]?.sha256, evidenceSha);
  assert.deepEqual(shown.evidence[0]?.items, [noted]);
  assert.equal(shown.findings[0]?.description, '周知の記録がない');
  assert.equal(shown.progress.verified, Object.keys(expected).length);
  assert.equal(shown.assessment.scope.target_level[0], '1');
  console.log('e2e passed', { inScope, expected, noted, ...timings });
} catch (e) {
  failed = true;
  console.error('e2e FAILED:', e);
  await shot('failure').catch(() => undefined);
} finally {
  await wd.quit();
  driver.kill('SIGTERM');
  if (!failed) rmSync(work, { recursive: true, force: true });
  else console.error(`kept ${work} for inspection`);
}
process.exit(failed ? 1 : 0);
