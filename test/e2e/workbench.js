// Helpers shared by the end-to-end tests: Debian's Chromium through playwright-core (no browser download),
// workbench URLs for code-server, fresh workspace copies, and the few UI gestures the scenarios use.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const ART = process.env.E2E_ARTIFACTS || path.join(ROOT, 'test-artifacts', 'e2e');
const RUN = process.env.E2E_RUN || fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'readiness-e2e-'));
const EXAMPLE = process.env.E2E_EXAMPLE || path.join(ROOT, 'examples', 'agent-skills');
fs.mkdirSync(ART, { recursive: true });

/** A fresh copy of the example workspace (optionally with files laid over it), so scenarios never share state. */
function workspaceCopy(name, ...overlays) {
  const dir = path.join(RUN, `ws-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  for (const overlay of overlays) fs.cpSync(overlay, dir, { recursive: true });
  return dir;
}

async function launch() {
  const profile = fs.mkdtempSync(path.join(RUN, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/lib/chromium/chromium', // not /usr/bin/chromium: its wrapper script prints noise
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1600, height: 1000 },
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.setDefaultTimeout(30_000);
  return { ctx, page, close: async () => { await ctx.close().catch(() => {}); fs.rmSync(profile, { recursive: true, force: true }); } };
}

/** Workbench URL, optionally with the extension loaded from the repository and a test module (?payload=). */
function workbenchUrl({ base = process.env.CS_URL, folder, extDev, extTests }) {
  const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;
  const payload = [];
  if (extDev) payload.push(['extensionDevelopmentPath', remote(extDev)]);
  if (extTests) payload.push(['extensionTestsPath', remote(extTests)]);
  let q = `folder=${encodeURIComponent(folder)}`;
  if (payload.length) q += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return `${base}/?${q}`;
}

/** The gestures of a person at the workbench. */
class Workbench {
  constructor(page) { this.page = page; }

  async open(url) {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  async shot(name) {
    const file = path.join(ART, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  quickInput() { return this.page.locator('.quick-input-widget'); }

  /** F1, type the command's title, Enter. */
  async command(title) {
    const { page } = this;
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    // Enter only once the list has caught up with the typed text and the focused row is exactly the command
    await this.focusRow(title);
    await page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' }).catch(() => {});
  }

  /** Moves the focus in the open quick pick to the row whose label is `label` (arrow keys). */
  async focusRow(label, timeout = 15_000) {
    const { page } = this;
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const is = (t) => t === label || t.startsWith(`${label} (`); // "View: Focus Problems (Errors, Warnings, Infos)"
    const labelOf = (row) => row.locator('.label-name').first().innerText().then((t) => t.trim()).catch(() => '');
    const end = Date.now() + timeout;
    for (;;) {
      const texts = await rows.locator('.label-name').allInnerTexts().catch(() => []);
      if (texts.some((t) => is(t.trim()))) {
        for (let i = 0; i <= texts.length; i++) {
          if (is(await labelOf(page.locator('.quick-input-list .monaco-list-row.focused')))) return;
          await page.keyboard.press('ArrowDown');
        }
      }
      if (Date.now() > end) throw new Error(`quick pick: no row "${label}" (rows: ${texts.join(' | ')})`);
      await page.waitForTimeout(100);
    }
  }

  /** Ctrl+P, the file's path, Enter; waits for its editor tab to be active. */
  async openFile(relPath) {
    const { page } = this;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relPath);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: path.basename(relPath) }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await this.activeTab(path.basename(relPath));
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
  }

  /** Waits for the active editor tab to carry this label; returns its text. */
  async activeTab(labelText, timeout = 15_000) {
    const tab = this.page.locator('.editor-group-container.active .tab.active', { hasText: labelText });
    await tab.first().waitFor({ timeout });
    return (await tab.first().innerText()).trim();
  }

  /** Ctrl+G line:column. */
  async goToLine(line, column = 1) {
    const { page } = this;
    await this.focusEditor();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await this.waitCursor(line, column);
  }

  async focusEditor() {
    await this.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
  }

  /** The editor's status-bar "Ln X, Col Y" item. */
  async cursorStatus() {
    return (await this.page.locator('#status\\.editor\\.selection').innerText()).trim();
  }

  async waitCursor(line, column, timeout = 10_000) {
    const want = new RegExp(`^Ln ${line}, Col ${column}\\b`);
    const end = Date.now() + timeout;
    let last = '';
    while (Date.now() < end) {
      last = await this.cursorStatus().catch(() => '');
      if (want.test(last)) return last;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`cursor: wanted Ln ${line}, Col ${column}, status bar says "${last}"`);
  }

  /** The extension's status-bar item (id readiness.status). */
  statusItem() {
    return this.page.locator('[id="release-readiness.release-readiness.readiness.status"], [id$="readiness.status"]').first();
  }

  /** The Readiness view (focus it through the command palette, as a person would). */
  async readinessView() {
    await this.command('Release Readiness: Focus on Readiness View');
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: 'Readiness' }) });
    await pane.locator('.monaco-list-row').first().waitFor();
    return pane;
  }

  async hidePanel() {
    if (await this.page.locator('#workbench\\.parts\\.panel').isVisible()) await this.command('View: Toggle Panel Visibility');
  }

  /** Drags the side bar's edge to this width (wide: the tree's one-line reasons are readable). */
  async widenSidebar(width = 1000) {
    const { page } = this;
    const box = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (!box || Math.abs(box.width - width) < 10) return;
    const x = box.x + box.width - 1, y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + (width > box.width ? 40 : -40), y, { steps: 2 });
    await page.mouse.move(box.x + width, y, { steps: 5 });
    await page.mouse.up();
    await this.mouseAway();
  }

  /** Parks the mouse where nothing shows a hover (the empty part of the activity bar). */
  async mouseAway() {
    const vp = this.page.viewportSize();
    await this.page.mouse.move(20, vp.height - 250);
  }

  /** The Readiness view's rows once its verdict row, below the live-evidence row at the top, says `verdict`. */
  async verdictRows(pane, verdict) {
    return until(`the verdict row: ${verdict}`, async () => { const r = await this.treeRows(pane); return r[1]?.label === verdict && r; });
  }

  /** Rows of a tree view as { label, description, expanded }. */
  async treeRows(pane) {
    return pane.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
      label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
      expanded: r.getAttribute('aria-expanded'),
    })));
  }

  /** Right-click a row; returns the context menu's entries and leaves the menu open. */
  async contextMenu(row) {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible' });
    const entries = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    await this.mouseAway();
    return entries;
  }

  /** Text of every rendered row of a list or tree. */
  async rows(container) {
    return (await container.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The Problems panel filtered to one file: its diagnostics as "rule@line:col" (plus the raw rows). */
  async problems(relPath) {
    const { page } = this;
    const filter = page.locator('.markers-panel-container, .panel').locator('.viewpane-filter input').first();
    await filter.fill(`**/${relPath}`);
    const base = path.basename(relPath);
    const rows = page.locator('.markers-panel .monaco-list-row');
    const fileRows = () => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') || '').filter((l) => / in file /.test(l)));
    // exactly one file row left: the filter has applied
    await until(`Problems filtered to ${relPath}`, async () => {
      const f = await fileRows();
      return f.length === 1 && f[0].includes(` in file ${base} `);
    });
    await page.waitForTimeout(200);
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const found = [];
    for (const t of texts.slice(1)) {
      const m = /^(.*) readiness (\S+) \[Ln (\d+), Col (\d+)\]$/.exec(t);
      if (m) found.push(`${m[2]}@${m[3]}:${m[4]}`);
    }
    return { found: found.sort(), rows: texts };
  }

  /** Waits until the file's editor text (as rendered) satisfies the predicate. */
  async editorText() {
    return this.page.evaluate(() => {
      const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
      return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
    });
  }
}

/** The top row of the Readiness view without a GitHub session or GITHUB_TOKEN. */
const SIGN_IN = 'Sign in to GitHub for live evidence';

/** Polls fn until it returns a truthy value. */
async function until(what, fn, timeout = 20_000, step = 50) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms: ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, step));
  }
}

module.exports = { ROOT, ART, RUN, EXAMPLE, SIGN_IN, workspaceCopy, launch, workbenchUrl, Workbench, until };
