// The packaged extension: scripts/e2e.sh installs release-readiness.vsix with `code-server --install-extension`
// into a fresh extensions folder and starts code-server on it; the workbench opens WITHOUT a development path.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, SIGN_IN, workspaceCopy, launch, workbenchUrl, Workbench, until } = require('./workbench');

const EXT_ID = 'release-readiness.release-readiness';
let browser, wb, page;
before(async () => {
  browser = await launch();
  page = browser.page;
  wb = new Workbench(page);
});
after(async () => { await wb.shot('vsix-final').catch(() => {}); await browser.close(); });

test('7a. the .vsix is installed into the extensions folder', () => {
  const dir = process.env.E2E_VSIX_EXT_DIR;
  assert.ok(dir, 'E2E_VSIX_EXT_DIR (set by scripts/e2e.sh)');
  const installed = fs.readdirSync(dir).filter((d) => d.startsWith(`${EXT_ID}-`));
  assert.equal(installed.length, 1, fs.readdirSync(dir).join(', '));
  const root = path.join(dir, installed[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.equal(`${manifest.publisher}.${manifest.name}`, EXT_ID);
  // what the manifest names is packaged: the icon, the editor schemas, the walkthrough's media
  const named = [
    manifest.icon,
    ...manifest.contributes.jsonValidation.map((j) => j.url),
    ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.svg ?? s.media.markdown ?? s.media.image)),
  ];
  for (const f of ['dist/extension.js', 'dist/server.js', ...named]) assert.ok(fs.existsSync(path.join(root, f)), f);
  assert.ok(!fs.existsSync(path.join(root, 'node_modules')), 'bundled: no node_modules');
});

test('7b. the extension from the .vsix activates: status bar and Readiness view show No-Go', async () => {
  const folder = workspaceCopy('vsix');
  await wb.open(workbenchUrl({ folder })); // no payload: no development extension
  await until('the verdict in the status bar', async () => /No-Go/.test(await wb.statusItem().innerText()), 60_000);
  const pane = await wb.readinessView();
  await wb.widenSidebar();
  const rows = await wb.verdictRows(pane, 'No-Go');
  assert.equal(rows[0].label, SIGN_IN);
  assert.match(rows[1].description, /^\d+\/18 required controls passed$/);
  assert.ok(rows.some((r) => r.label === 'replay_determinism_report'));
  // the packaged language server runs too: its workspace diagnostics are the CLI's (same build, same engine)
  const expected = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', folder, '--format', 'json'], { encoding: 'utf8' }).stdout);
  const want = `Errors: ${expected.diagnostics.filter((d) => d.severity === 'error').length}, Warnings: ${expected.diagnostics.filter((d) => d.severity === 'warning').length}`;
  await until(`status bar: ${want}`, async () => (await page.locator('#status\\.problems').getAttribute('aria-label')) === want, 30_000);
  await wb.shot('7-vsix-activated');

  // and it is the installed extension, listed as such
  await wb.command('Extensions: Show Enabled Extensions');
  const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Release Readiness' }).first();
  await item.waitFor({ timeout: 20_000 });
  await wb.shot('7-vsix-installed-extensions');
});
