// Scenario 8 (live evidence from GitHub, issue 10) in the real workbench: the example workspace without its
// artifacts folder, cloned from github.com/acme/agent-skills at the fake's commit. scripts/e2e.sh starts this
// stage's code-server with the token in its environment (as GH_TOKEN: code-server swallows GITHUB_TOKEN), and
// the workspace's readiness.github.apiUrl points at the loopback fake GitHub this process starts
// (test/support/fakeGitHub.ts, compiled into out/). The fake checks every request and response against GitHub's
// OpenAPI description; it serves a green run's check runs and report artifact, and a ruleset whose required
// checks drift from docs/required_status_checks.json.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, workspaceCopy, launch, workbenchUrl, Workbench, until } = require('./workbench');

const support = path.join(ROOT, 'out', 'test', 'support');
const { startFakeGitHub } = require(path.join(support, 'fakeGitHub.js'));
const live = require(path.join(support, 'liveWorkspace.js'));

const CHECKS_FILE = 'docs/required_status_checks.json';
const ADD_FIX = 'Add "policy-bundle-governance" to the required checks, mapped to ci.yml job policy-bundle-governance (the branch\'s rules require it)';
let browser, wb, page, ws, fake;

before(async () => {
  // The ruleset requires policy-bundle-governance (the job's real name); the file lists policy_bundle_governance.
  fake = await startFakeGitHub({ sha: live.sha, checkRuns: live.checkRuns, runs: [live.greenRun()], rules: [live.enforced] });
  ws = workspaceCopy('live');
  fs.rmSync(path.join(ws, 'artifacts'), { recursive: true, force: true });
  live.layGitClone(ws, 'https://github.com/acme/agent-skills.git');
  fs.mkdirSync(path.join(ws, '.vscode'));
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), `${JSON.stringify({ 'readiness.github.apiUrl': fake.apiUrl }, null, 2)}\n`);
  browser = await launch();
  page = browser.page;
  wb = new Workbench(page);
  await wb.open(workbenchUrl({ folder: ws, extDev: ROOT }));
  await until('the readiness status bar item says Go', async () => /^\s*Go\s*$/.test(await wb.statusItem().innerText()), 90_000);
});
after(async () => {
  await wb?.shot('live-final').catch(() => {});
  await browser?.close();
  await fake?.close();
});

/** Moves the focus in the open quick-fix menu to the fix titled `title` with the arrow keys, as a person does. */
async function focusFix(menu, title) {
  await menu.locator('.monaco-list-row.action', { hasText: title }).waitFor();
  const titles = (await menu.locator('.monaco-list-row.action .title').allInnerTexts()).map((t) => t.trim());
  for (let i = 0; i <= titles.length; i++) {
    if ((await menu.locator('.monaco-list-row.action.focused .title').innerText().catch(() => '')).trim() === title) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`quick fix menu: cannot focus "${title}" (${titles.join(' | ')})`);
}

test('8a. the Readiness view shows the verdict from GitHub\'s evidence, its source line, and where each control\'s evidence came from', async () => {
  // the same folder without GitHub has no evidence at all (no artifacts folder): No-Go
  const offline = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', ws, '--format', 'json'], { encoding: 'utf8' }).stdout);
  assert.equal(offline.verdict, 'no-go');

  const pane = await wb.readinessView();
  await wb.widenSidebar();
  await wb.hidePanel();
  const rows = await until('the live source line above the verdict', async () => {
    const r = await wb.treeRows(pane);
    return r[1]?.label === 'Go' && r;
  });
  assert.match(rows[0].label, /^live: 8f3c2a9 on main, checked \d\d:\d\d UTC$/);
  assert.equal(rows[0].description, '', 'no read failed');
  assert.match(rows[1].description, /^(\d+)\/\1 required controls passed$/);

  // the §2.1 and §2.3 sections (all passed, so collapsed): each control says where its evidence came from
  for (const section of ['§2.1', '§2.3']) {
    const row = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${section.replace('.', '\\.')} `) }) });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }
  const controls = await until('the controls of §2.1 and §2.3', async () => {
    const r = await wb.treeRows(pane);
    return r.some((c) => c.label === 'replay_determinism_report') && r.some((c) => c.label === 'ci.runtime_canary') && r;
  });
  assert.equal(controls.find((c) => c.label === 'ci.runtime_canary').description, 'runtime_canary: conclusion "success". · check runs of 8f3c2a9');
  assert.equal(controls.find((c) => c.label === 'replay_determinism_report').description,
    'replay_determinism_report.json: all 4 acceptance criteria met. · artifact governance-reports of run 7001 (Smoke Verification)');
  await wb.mouseAway();
  await wb.shot('8-live-readiness-view');
  await wb.widenSidebar(560);
});

test('8b. the Problems panel lists the drift between docs/required_status_checks.json and the branch\'s ruleset', async () => {
  await wb.command('View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row').first().waitFor();
  const { found, rows } = await wb.problems(CHECKS_FILE);
  // the two drifts (the missing required check on the list, the extra one on its entry) beside the offline findings
  assert.deepEqual(found, ['required-check-name@4:5', 'required-check-policy-doc@4:5', 'ruleset-drift@2:3', 'ruleset-drift@4:5'], rows.join(' | '));
  assert.ok(rows.some((r) => r.includes('The rules of acme/agent-skills branch main require "policy-bundle-governance" (ruleset 42 (Repository acme/agent-skills)), but docs/required_status_checks.json does not list it.')), rows.join(' | '));
  assert.ok(rows.some((r) => r.includes('"policy_bundle_governance" is listed as required, but the rules of acme/agent-skills branch main do not require it')), rows.join(' | '));
  await wb.shot('8-live-problems-drift');
  await page.locator('.viewpane-filter input').first().fill('');
});

test('8c. Ctrl+. on the missing required check, choosing the add fix: the entry is appended and mapped, that drift disappears, the other stays', async () => {
  const file = path.join(ws, CHECKS_FILE);
  const before = fs.readFileSync(file, 'utf8');
  await wb.hidePanel();
  await wb.openFile(CHECKS_FILE);
  await wb.goToLine(2, 6); // inside "required_status_checks", where the missing check is reported
  await until('the squiggle under the list', () => page.locator('.editor-group-container.active .squiggly-error').count());
  // the file's own diagnostics may reach the editor just after the workspace's: until they cover the cursor,
  // Ctrl+. says "No code actions available", and a person presses it again
  const menu = page.locator('.action-widget');
  await until('the quick fix menu with the add fix', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    return menu.locator('.monaco-list-row.action', { hasText: ADD_FIX }).waitFor({ timeout: 3_000 }).then(() => true, () => false);
  }, 30_000, 500);
  await focusFix(menu, ADD_FIX);
  await wb.shot('8-live-quick-fix-menu');
  await page.keyboard.press('Enter'); // a click is refused while VS Code's pointer block covers the fresh menu
  await menu.waitFor({ state: 'hidden' });

  await until('the added check in the editor', async () => {
    const lines = (await wb.editorText()).split('\n'); // the rendered lines, not necessarily in order
    return lines.includes('    "runtime_canary",') && lines.includes('    "policy-bundle-governance"');
  });
  await page.locator('.editor-group-container.active .tab.active.dirty').waitFor();
  await wb.command('View: Focus Problems');
  const after = await until('one drift left', async () => {
    const { found } = await wb.problems(CHECKS_FILE);
    return found.filter((d) => d.startsWith('ruleset-drift@')).length === 1 && found;
  });
  assert.ok(after.includes('ruleset-drift@4:5'), `the extra entry is still reported: ${after.join(', ')}`);
  assert.ok(!after.includes('ruleset-drift@2:3'), after.join(', '));
  await wb.shot('8-live-after-fix');
  await page.locator('.viewpane-filter input').first().fill('');

  // saved: the original file with the entry appended to the list and its mapping to the job, every other byte unchanged
  await wb.focusEditor();
  await page.keyboard.press('Control+S');
  const listed = before.replace('    "runtime_canary"\n  ],', '    "runtime_canary",\n    "policy-bundle-governance"\n  ],');
  const want = listed.replace('      "job_id": "runtime_canary"\n    }\n  }', '      "job_id": "runtime_canary"\n    },\n    "policy-bundle-governance": {\n      "workflow": "ci.yml",\n      "job_id": "policy-bundle-governance"\n    }\n  }');
  assert.notEqual(listed, before);
  assert.notEqual(want, listed);
  await until('the saved file', () => fs.readFileSync(file, 'utf8') === want);
});

test('8d. the fake GitHub saw only requests and answers that follow the OpenAPI description, with the token on the API host only', () => {
  assert.deepEqual(fake.violations, []);
  const api = fake.requests.filter((r) => r.host === 'api');
  assert.ok(api.length > 0);
  assert.ok(api.every((r) => r.authorization === `token ${live.token}`), JSON.stringify(api.map((r) => r.authorization)));
  const read = (pattern) => api.some((r) => pattern.test(r.url) && (r.status === 200 || r.status === 304 || r.status === 302));
  assert.ok(read(/^\/repos\/acme\/agent-skills\/rules\/branches\/main\b/), 'the branch rules');
  assert.ok(read(new RegExp(`^/repos/acme/agent-skills/commits/${live.sha}/check-runs\\b`)), 'the check runs');
  assert.ok(read(/^\/repos\/acme\/agent-skills\/actions\/artifacts\/501\/zip$/), 'the artifact download');
  const downloads = fake.requests.filter((r) => r.host === 'download');
  assert.ok(downloads.some((r) => r.status === 200) && downloads.every((r) => r.authorization === undefined), JSON.stringify(downloads));
});
