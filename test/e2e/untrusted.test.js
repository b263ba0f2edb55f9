// Scenario 6: an untrusted workspace. code-server runs WITHOUT --disable-workspace-trust and with
// security.workspace.trust.enabled = true (scripts/e2e.sh), so the folder opens in Restricted Mode.
// Static validation stays on; the §3 local validation (which runs workspace commands) is not offered.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, SIGN_IN, workspaceCopy, launch, workbenchUrl, Workbench, until } = require('./workbench');

let browser, wb, page, ws;
before(async () => {
  browser = await launch();
  page = browser.page;
  wb = new Workbench(page);
  ws = workspaceCopy('untrusted');
  await wb.open(workbenchUrl({ folder: ws, extDev: ROOT }));
});
after(async () => { await wb.shot('untrusted-final').catch(() => {}); await browser.close(); });

test('6a. untrusted workspace: Restricted Mode, and the diagnostics and the verdict still appear', async () => {
  await page.locator('#status\\.workspaceTrust', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
  const expected = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', ws, '--format', 'json'], { encoding: 'utf8' }).stdout);
  const errors = expected.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = expected.diagnostics.filter((d) => d.severity === 'warning').length;
  await until(`status bar: ${errors} errors, ${warnings} warnings`, async () =>
    (await page.locator('#status\\.problems').getAttribute('aria-label')) === `Errors: ${errors}, Warnings: ${warnings}`, 30_000);
  await until('the verdict in the status bar', async () => /No-Go/.test(await wb.statusItem().innerText()), 30_000);

  // the drifted check is reported in the JSON file, the job in the YAML file
  await wb.command('View: Focus Problems');
  for (const [file, want] of [['docs/required_status_checks.json', /readiness required-check-name \[Ln 4, Col 5\]/], ['.github/workflows/ci.yml', /readiness workflow-required-job \[Ln 287, Col 3\]/]]) {
    await page.locator('.viewpane-filter input').first().fill(`**/${file}`);
    await until(`Problems: ${file}`, async () => (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).some((t) => want.test(t.replace(/\s+/g, ' '))));
  }
  await page.locator('.viewpane-filter input').first().fill('');
  const pane = await wb.readinessView();
  await wb.widenSidebar();
  const rows = await wb.verdictRows(pane, 'No-Go');
  assert.equal(rows[0].label, SIGN_IN);
  assert.ok(rows.some((r) => r.label === 'replay_determinism_report'));
  await wb.shot('6-untrusted-diagnostics-and-verdict');
});

test('6b. untrusted workspace: the local-validation tasks are not offered', async () => {
  // not in the command palette
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Release Readiness');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Release Readiness: Refresh' }).waitFor();
  const commands = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
  assert.ok(!commands.some((c) => /Run Local Validation/.test(c)), commands.join(' | '));
  await page.keyboard.press('Escape');

  // not in the context menu of a control that has §3 local validation
  const pane = await wb.readinessView();
  const entries = await wb.contextMenu(pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^github_branch_protection_report$/ }) }));
  assert.ok(entries.includes('Open Evidence'), entries.join(' | '));
  assert.ok(!entries.includes('Run Local Validation'), entries.join(' | '));
  await wb.shot('6-untrusted-context-menu');
  await page.keyboard.press('Escape');

  // Tasks: Run Task lists no readiness task: VS Code asks for trust first; the person declines
  await wb.command('Tasks: Run Task');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  assert.match(await dialog.innerText(), /Listing and running tasks requires/);
  await wb.shot('6-untrusted-run-task-asks-for-trust');
  await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForTimeout(1000);
  const picks = await page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
  assert.ok(!picks.some((t) => /readiness|§3/i.test(t)), picks.join(' | '));
  // and the workspace stayed untrusted
  await page.locator('#status\\.workspaceTrust', { hasText: 'Restricted Mode' }).waitFor();
});
