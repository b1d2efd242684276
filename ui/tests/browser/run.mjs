// Browser tests of every screen's main path, in Debian's chromium with the Tauri IPC mocked
// (tests/browser/mock-backend.ts). Screenshots of every screen in Japanese and English go to
// ui/test-results/screens/. Exits non-zero on the first failed check.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';

const ui = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(ui, 'test-results/screens');
mkdirSync(shots, { recursive: true });

const server = await createServer({ root: ui, configFile: join(ui, 'vite.config.ts'), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const { port } = server.httpServer.address();
const url = `http://127.0.0.1:${port}/tests/browser/mock.html`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Every screen shot is also checked: axe-core finds no serious or critical accessibility
// violation, and the screen fits a 1366×768 laptop without scrolling sideways. Problems are
// printed as found and fail the run at the end (all of them at once, not only the first).
const axePath = join(ui, 'node_modules/axe-core/axe.min.js');
const problems = [];

/** axe-core's serious and critical violations on the page as it is now. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** What makes the page wider than a 1366×768 window: the page scrolling sideways, a box that
 * sticks out of the window (and is not clipped by a box that fits), a box that scrolls sideways. */
async function sidewaysAt1366(page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 768 });
  try {
    return await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const root = document.documentElement;
      const vw = root.clientWidth;
      const found = [];
      if (root.scrollWidth > vw) found.push(`the page scrolls sideways (${root.scrollWidth} > ${vw} px)`);
      const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.dataset.testid ? `[data-testid="${el.dataset.testid}"]` : '') + (typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
      const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
      const out = new Set();
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        let right = r.right;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (clips(a)) right = Math.min(right, a.getBoundingClientRect().right);
        if (right > vw + 1 && !(el.parentElement && out.has(el.parentElement))) {
          out.add(el);
          found.push(`${name(el)} reaches ${Math.round(right)} px of ${vw}`);
        } else if (right > vw + 1) out.add(el);
        const ox = getComputedStyle(el).overflowX;
        if ((ox === 'auto' || ox === 'scroll') && !/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 1) {
          found.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth} px)`);
        }
      }
      return found;
    });
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Check the screen on the page; a problem is printed with the screen's name and kept. */
async function checkScreen(page, screen) {
  for (const v of await axeViolations(page)) {
    const said = `${screen}: axe ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(' | ')}`;
    console.error(said);
    problems.push(said);
  }
  for (const w of await sidewaysAt1366(page)) {
    const said = `${screen}: at 1366×768 ${w}`;
    console.error(said);
    problems.push(said);
  }
}

const timings = {};
let failed = false;
try {
  for (const lang of ['ja', 'en']) {
    const t0 = Date.now();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
    await context.addInitScript((l) => localStorage.setItem('tenken.lang', l), lang);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const shot = async (name) => {
      await page.screenshot({ path: join(shots, `${lang}-${name}.png`) });
      await checkScreen(page, `${lang}-${name}`);
    };
    // The text of a live region (App.svelte), waited for: what a screen reader was told last.
    const said = (region, text) => page.waitForFunction(([r, t]) => document.querySelector(`[data-testid="live-${r}"]`)?.textContent?.includes(t), [region, text]);
    const db = () => page.evaluate(() => {
      const d = window.__mockDb;
      return { orgs: d.orgs, identities: d.identities, results: Object.fromEntries([...d.results.entries()].map(([k, m]) => [k, Object.fromEntries(m)])), evidence: d.evidence, findings: d.findings, lastItem: Object.fromEntries(d.lastItem) };
    });

    await page.goto(url);
    await page.getByTestId('home-empty').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await shot('01-home-empty');

    // New organisation → new assessment.
    await page.getByTestId('new-org').click();
    await page.getByTestId('org-name').fill('株式会社サンプル部品');
    await page.getByTestId('org-code').fill('S-0001');
    await shot('02-new-organisation');
    await page.getByTestId('org-create').click();
    await page.getByTestId('new-assessment').waitFor();
    await page.getByTestId('a-auditor').fill('監査 太郎');
    await page.getByTestId('scope-target_level').getByText('Lv1', { exact: true }).click();
    await page.getByTestId('scope-count').getByText('3').waitFor();
    await shot('03-new-assessment');
    await page.getByTestId('a-create').click();

    // Walkthrough: keyboard verdicts move on; the note saves as typed.
    await page.getByTestId('walk').waitFor();
    await page.locator('article[data-item="1"]').waitFor();
    await shot('04-walkthrough');
    // Zoomed to 200 % on the laptop the walkthrough still fits: its guidance goes under the item.
    for (let i = 0; i < 7; i++) await page.keyboard.press('Control+=');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).zoom), '2');
    assert.deepEqual(await sidewaysAt1366(page), [], 'the walkthrough at 200 % fits 1366×768');
    await page.keyboard.press('Control+0');
    await page.keyboard.press('1');
    await page.locator('article[data-item="2"]').waitFor();
    await page.keyboard.press('3');
    await page.locator('article[data-item="3"]').waitFor();
    // The catalog's note on the item's source text is shown with the item.
    await page.getByTestId('item-note').getByText('出典は「責任者」を「責任社」と印刷している（テスト用の注記）。').waitFor();
    await said('status', lang === 'ja' ? '2: 不適合 と判定しました' : '2: Nonconforming recorded');
    await page.keyboard.press('k');
    await page.locator('article[data-item="2"]').waitFor();
    // The list marks the current item and is one tab stop, reached by Tab; j/k move the mark and the focus.
    const currentItem = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="item-list"] button.item[aria-current="true"]')].map((b) => b.dataset.item));
    const focusedItem = () => page.evaluate(() => document.activeElement?.closest('[data-testid="item-list"] button.item')?.getAttribute('data-item') ?? null);
    assert.deepEqual(await currentItem(), ['2']);
    assert.deepEqual(await page.getByTestId('item-list').locator('button.item[tabindex="0"]').evaluateAll((bs) => bs.map((b) => b.dataset.item)), ['2']);
    await page.getByTestId('walk-search').focus();
    for (let i = 0; i < 12 && (await focusedItem()) === null; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedItem(), '2', 'Tab reaches the current item of the list');
    await page.keyboard.press('j');
    await page.locator('article[data-item="3"]').waitFor();
    assert.deepEqual(await currentItem(), ['3']);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-item') === '3');
    await page.keyboard.press('k');
    await page.locator('article[data-item="2"]').waitFor();
    assert.deepEqual(await currentItem(), ['2']);
    await page.getByTestId('note').fill('法令一覧の更新記録が2023年で止まっている');
    await page.keyboard.press('Escape'); // leaves the field: flushes the note
    await page.waitForFunction(() => window.__mockDb.results.get(1)?.get('2')?.note === '法令一覧の更新記録が2023年で止まっている');
    let d = await db();
    assert.equal(d.results[1]['1'].verdict, 'conforms');
    assert.equal(d.results[1]['2'].verdict, 'nonconforming');
    await page.getByTestId('note-state').filter({ hasText: lang === 'ja' ? '保存済み' : 'Saved' }).waitFor();
    await said('status', lang === 'ja' ? 'メモを保存しました' : 'Note saved');

    // Typing a number into the note must not set a verdict.
    await page.getByTestId('note').click();
    await page.keyboard.type(' 2');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.__mockDb.results.get(1)?.get('2')?.note?.endsWith(' 2'));
    d = await db();
    assert.equal(d.results[1]['2'].verdict, 'nonconforming');

    // Evidence (picker mocked) and a finding.
    await page.getByTestId('evidence-pick').click();
    await page.getByTestId('evidence-list').getByText('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08').first().waitFor();
    await page.getByTestId('thumb').waitFor();
    await page.getByTestId('finding-add').click();
    await page.getByTestId('finding-desc').fill('法令一覧が更新されていない');
    await shot('05-walkthrough-finding-form');
    await page.getByTestId('finding-save').click();
    await page.getByTestId('finding-add').waitFor();
    d = await db();
    assert.equal(d.evidence[0].items[0], '2');
    assert.equal(d.findings[0].item_id, '2');

    // Keys help, search, filters.
    await page.keyboard.press('?');
    await page.getByTestId('key-help').waitFor();
    await shot('06-walkthrough-keys');
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.keyboard.type('責任者');
    assert.equal(await page.getByTestId('item-list').locator('button.item').count(), 1);
    await page.getByTestId('walk-search').fill('');
    await page.getByTestId('filter-verdict').selectOption('unverified');
    assert.equal(await page.getByTestId('item-list').locator('button.item').count(), 1);
    await page.getByTestId('filter-verdict').selectOption({ index: 0 });

    // Moving to the next item: time from key press to the next item painted.
    const moveMs = await page.evaluate(async () => {
      const samples = [];
      for (let i = 0; i < 6; i++) {
        const key = i % 2 ? 'k' : 'j';
        const t = performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        samples.push(performance.now() - t);
      }
      return Math.max(...samples);
    });
    timings[`${lang} move to next item (max of 6, ms)`] = Math.round(moveMs);

    // Summary, export, import, settings, home with data.
    await page.getByTestId('nav-summary').click();
    await page.getByTestId('summary-verdicts').waitFor();
    await page.getByTestId('radar').waitFor();
    await page.getByTestId('status-review').click();
    await page.locator('[data-testid="summary-status"][data-status="in_review"]').waitFor();
    await page.getByTestId('status-draft').click();
    await page.locator('[data-testid="summary-status"][data-status="draft"]').waitFor();
    await shot('07-summary');
    // The audit trail of the assessment: its events, and the verification of the whole trail.
    await page.getByTestId('trail-events').getByText(lang === 'ja' ? '判定を記録' : 'Verdict recorded').waitFor();
    await page.getByTestId('trail-verify').click();
    await page.locator('[data-testid="trail-report"][data-ok="true"]').waitFor();
    await page.locator('[data-testid="trail-report"] [data-code="trail.note.no_anchor"]').getByText(lang === 'ja' ? '有効なアンカーがありません' : 'no anchor holds').waitFor();
    await said('status', lang === 'ja' ? '監査証跡は改ざんされていません' : 'The audit trail holds');
    await page.getByTestId('trail').scrollIntoViewIfNeeded();
    await shot('07b-summary-trail');
    // A signed report whose sign-off the trail no longer holds: the failure, in the UI's language.
    await page.getByTestId('trail-against').fill('/home/auditor/受領/報告書.pdf');
    await page.getByTestId('trail-verify').click();
    await page.locator('[data-testid="trail-report"][data-ok="false"] [data-code="trail.against.no_sign_off"]').getByText(lang === 'ja' ? '署名確定の記録がありません' : 'no sign-off of this report').waitFor();
    await said('alert', lang === 'ja' ? '監査証跡の検証に失敗しました' : 'FAILED');
    await shot('07c-summary-trail-failed');
    // Settings: create a signing identity (passphrases must match).
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('data-dir').getByText('/home/auditor/.local/share/tenken').waitFor();
    await page.getByTestId('no-identity').waitFor();
    await page.getByTestId('id-name').fill('監査 太郎');
    await page.getByTestId('id-org').fill('点検監査株式会社');
    await page.getByTestId('id-pass').fill('correct horse battery');
    await page.getByTestId('id-pass2').fill('correct horse batterx');
    await page.getByTestId('id-create').click();
    await page.getByTestId('identity-error').waitFor();
    assert.equal((await db()).identities?.length ?? 0, 0, 'mismatched passphrases create nothing');
    await page.getByTestId('id-pass2').fill('correct horse battery');
    await page.getByTestId('id-create').click();
    await page.getByTestId('identity-row').waitFor();
    await shot('10-settings');
    await page.getByTestId('trust-list').waitFor();

    // Export & sign: a wrong passphrase is a clear error; the right one signs, shows files and VALID.
    await page.getByTestId('nav-home').click();
    await page.getByTestId('open-assessment').first().click();
    await page.getByTestId('walk').waitFor();
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-folder').waitFor();
    assert.equal(await page.getByTestId('export-folder').inputValue(), '/home/auditor/Documents/Tenken');
    assert.equal(await page.getByTestId('export-sign').isChecked(), true, 'signing is offered once an identity exists');
    await page.getByTestId('export-passphrase').fill('wrong');
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-error').getByText('passphrase is wrong').waitFor();
    await said('alert', 'passphrase is wrong');
    await page.getByTestId('export-passphrase').fill('correct horse battery');
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-done').waitFor();
    await said('status', lang === 'ja' ? '署名して書き出しました' : 'Signed and written');
    await page.getByTestId('written-pdf').waitFor();
    await page.getByTestId('written-p7s').waitFor();
    assert.equal(await page.getByTestId('verification').count(), 2);
    await page.getByTestId('export-signed').waitFor();
    assert.equal(await page.getByTestId('export-sign').isDisabled(), true, 'a signed assessment is not signed again');
    await shot('08-export-signed');
    // A bundle for another machine, signed with the same identity.
    await page.getByTestId('bundle-passphrase').fill('correct horse battery');
    await page.getByTestId('bundle-export-run').click();
    await page.getByTestId('bundle-written').getByText('.tenken').waitFor();
    await page.getByTestId('verify-pick').click();
    await page.getByTestId('verification-status').filter({ hasText: 'INVALID' }).waitFor();
    await page.locator('[data-testid="verification"][data-status="INVALID"] [data-code="signature.bytes_appended"]').waitFor();
    await page.locator('[data-testid="verification"][data-status="INVALID"]').scrollIntoViewIfNeeded();
    await shot('08c-export-verify-invalid');
    await page.getByTestId('nav-walk').click();
    await page.getByTestId('locked').waitFor();
    assert.equal(await page.locator('button.verdict[data-verdict="conforms"]').isDisabled(), true, 'no verdicts on a signed assessment');
    await shot('08b-walkthrough-signed');

    // Import: read, see what was found with cell references, confirm, open the new audit.
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-path').fill('/home/auditor/受領/テスト精機.pdf');
    await page.getByTestId('import-read').click();
    await page.getByTestId('import-error').getByText('not a spreadsheet').waitFor();
    await said('alert', 'not a spreadsheet');
    await shot('09a-import-error');
    await page.getByTestId('import-path').fill('/home/auditor/受領/テスト精機.xlsx');
    await page.getByTestId('import-read').click();
    await page.getByTestId('import-preview').waitFor();
    await page.getByTestId('import-issues').getByText('チェックシート!H7').waitFor();
    assert.equal((await db()).orgs.length, 1, 'nothing is stored before confirming');
    await said('status', lang === 'ja' ? '読み取りました（エラー ' : 'Read (');
    await shot('09-import-preview');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-done').waitFor();
    assert.equal((await db()).orgs.length, 2);
    await said('status', lang === 'ja' ? '1 ファイルを取り込みました' : '1 files imported');
    await shot('09b-import-done');
    // A bundle from a signer not trusted here: checked and shown first; importing it needs the
    // user's explicit choice, and it is stored marked untrusted.
    await page.getByTestId('bundle-path').fill('/home/auditor/受領/部品工業.tenken');
    await page.getByTestId('bundle-check').click();
    await page.locator('[data-testid="bundle-checked"] [data-testid="verification"][data-status="UNTRUSTED"]').waitFor();
    await page.getByTestId('bundle-checked').getByText('部品工業株式会社').first().waitFor();
    assert.equal(await page.getByTestId('bundle-import-untrusted').isDisabled(), true, 'an untrusted bundle is not imported without the choice');
    await page.getByTestId('bundle-checked').scrollIntoViewIfNeeded();
    await shot('09c-bundle-untrusted');
    await page.getByTestId('bundle-ack').check();
    await page.getByTestId('bundle-import-untrusted').click();
    await page.locator('[data-testid="bundle-imported"][data-trusted="false"]').waitFor();
    await page.getByTestId('import-open-2').click();
    await page.getByTestId('walk').waitFor();
    await page.locator('article[data-item="1"]').waitFor();
    await page.getByTestId('nav-home').click();
    await page.getByTestId('portfolio').waitFor();
    await shot('11-home');

    // Resume where I left off: reopening lands on the last item worked on.
    await page.getByTestId('open-assessment').first().click();
    await page.getByTestId('resumed').waitFor();
    const resumed = await page.locator('article[data-item]').getAttribute('data-item');
    assert.equal(resumed, (await db()).lastItem['1']);

    assert.deepEqual(errors, [], `console errors in ${lang}`);
    timings[`${lang} path (ms)`] = Date.now() - t0;
    await context.close();
  }

  // An encrypted database at start: the unlock screen; a wrong passphrase is a message in the UI's
  // language and nothing opens; the right one opens the portfolio.
  for (const lang of ['ja', 'en']) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript((l) => localStorage.setItem('tenken.lang', l), lang);
    const page = await context.newPage();
    await page.goto(`${url}?locked`);
    await page.getByTestId('db-unlock').waitFor();
    await page.getByTestId('db-pass').fill('not the passphrase');
    await page.getByTestId('db-unlock-submit').click();
    const said = page.getByTestId('db-error');
    await said.getByText(lang === 'ja' ? 'パスフレーズが違います' : 'The passphrase is wrong').waitFor();
    assert.equal(await page.getByTestId('home-empty').count(), 0, 'nothing opens on a wrong passphrase');
    await page.screenshot({ path: join(shots, `${lang}-00-unlock-wrong-passphrase.png`) });
    await checkScreen(page, `${lang}-00-unlock-wrong-passphrase`);
    await page.getByTestId('db-pass').fill('correct horse battery');
    await page.getByTestId('db-unlock-submit').click();
    await page.getByTestId('home-empty').waitFor();
    await context.close();
  }

  // Switching language in Settings persists across a reload.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('lang').selectOption('en');
  await page.getByText('Language', { exact: true }).waitFor();
  await page.reload();
  await page.getByText('Portfolio', { exact: true }).waitFor();

  // Ctrl + / Ctrl − / Ctrl 0 zoom the whole UI (also from a text field, which keeps its text),
  // main keyboard and numpad; the zoom survives a reload.
  const zoomNow = () => page.evaluate(() => Number(getComputedStyle(document.documentElement).zoom));
  assert.equal(await zoomNow(), 1);
  const search = page.getByRole('searchbox');
  await search.fill('abc');
  await page.keyboard.press('Control+=');
  assert.equal(await zoomNow(), 1.1);
  assert.equal(await search.inputValue(), 'abc', 'a zoom key types nothing');
  await page.keyboard.press('Control+NumpadAdd');
  assert.equal(await zoomNow(), 1.25);
  await page.getByTestId('live-status').getByText('Zoom 125%').waitFor();
  await page.reload();
  await page.getByText('Portfolio', { exact: true }).waitFor();
  assert.equal(await zoomNow(), 1.25, 'the zoom is kept');
  await page.keyboard.press('Control+Minus');
  await page.keyboard.press('Control+NumpadSubtract');
  assert.equal(await zoomNow(), 1);
  await page.keyboard.press('Control+-');
  assert.equal(await zoomNow(), 0.9);
  await page.keyboard.press('Control+=');
  await page.keyboard.press('Control+=');
  await page.keyboard.press('Control+0');
  assert.equal(await zoomNow(), 1);
  await context.close();
  assert.deepEqual(problems, [], `${problems.length} accessibility or 1366×768 problems (listed above)`);
  console.log('browser tests passed', timings);
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
