import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkspace } from '../../../server/src/core/engine';
import type { LiveEvidence } from '../../../server/src/core/live';
import { fixContext, quickFixes } from '../../../server/src/core/fixes/index';
import { applyEdits, FileEdit } from '../../../server/src/core/fixes/textEdit';
import { diagnosticLine } from '../../../server/src/core/output/text';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { goldenCases, materialise } from '../../support/golden';
import { fixturesDir } from '../../support/paths';

interface FixCase {
  description: string;
  rule: string;
  file: string;
  line: number;
  title: string;
  /** What GitHub says for the case, for the fixes of the live rules (no evidence files). */
  live?: Omit<LiveEvidence, 'files' | 'reads' | 'errors'>;
  /** The case is a pull request into this branch and commit, whose files are the case's `pull-request-base/` folder. */
  pullRequestBase?: { ref: string; sha: string };
}

const now = new Date('2026-11-20T12:00:00Z');
const casesDir = path.join(fixturesDir, 'fixes');

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('quick fixes (before/after golden files)', () => {
  for (const name of fs.readdirSync(casesDir).sort()) {
    const spec: FixCase = JSON.parse(fs.readFileSync(path.join(casesDir, name, 'fix.json'), 'utf8'));
    const live: LiveEvidence | undefined = spec.live && { ...spec.live, files: [], reads: [], errors: [] };
    const baseFolder = path.join(casesDir, name, 'pull-request-base');
    const pullRequestBase = spec.pullRequestBase && { ...spec.pullRequestBase, files: new Map(listFiles(baseFolder).map((file) => [file, fs.readFileSync(path.join(baseFolder, file), 'utf8')])) };
    const read = (folder: string) => ({ ...readWorkspace(folder, { now }).snapshot, live, pullRequestBase });
    it(`${name}: ${spec.description}`, () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fix-'));
      try {
        fs.cpSync(path.join(casesDir, name, 'before'), folder, { recursive: true });
        const snapshot = read(folder);
        const context = fixContext(snapshot);
        const result = context.result;
        const finding = result.findings.find((f) => f.rule === spec.rule && f.file === spec.file && f.range.start.line + 1 === spec.line);
        assert.ok(finding, `a ${spec.rule} finding at ${spec.file}:${spec.line}; found ${result.findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.rule}`).join(', ')}`);
        const fixes = quickFixes(finding, context);
        const chosen = fixes.find((f) => f.title === spec.title);
        assert.ok(chosen, `fix "${spec.title}" offered; offered ${JSON.stringify(fixes.map((f) => f.title))}`);
        assert.equal(fixes.filter((f) => f.isPreferred).length <= 1, true, 'at most one preferred fix');

        const byFile = new Map<string, FileEdit[]>();
        for (const edit of chosen.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
        const expectedChanged = listFiles(path.join(casesDir, name, 'after')).sort();
        assert.deepEqual([...byFile.keys()].sort(), expectedChanged, 'the fix changes exactly the files in after/');
        for (const [file, edits] of byFile) {
          const before = fs.readFileSync(path.join(folder, file), 'utf8');
          const after = applyEdits(before, edits);
          assert.equal(after, fs.readFileSync(path.join(casesDir, name, 'after', file), 'utf8'), `${file} after the fix`);
          fs.writeFileSync(path.join(folder, file), after);
        }
        const again = checkWorkspace(read(folder));
        assert.ok(!again.findings.some((f) => f.rule === finding.rule && f.message === finding.message), 'the diagnostic is gone');
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});

/** A finding's offered fixes, best first: `expected.json` beside a `files/` workspace in test/fixtures/fix-order. */
interface OrderCase {
  description: string;
  /** The finding, as the CLI's text output prints it: `file:line:col: severity rule message`. */
  diagnostic: string;
  /** Checks the branch's live rules enforce, as a GitHub front would pass them. */
  enforcedChecks?: string[];
  /** Every fix offered, in order; a preferred one is marked with a leading "* ". */
  offered: string[];
}

describe('quick fixes (order and titles, verified on the workspace)', () => {
  for (const goldenCase of goldenCases('fix-order')) {
    const spec = goldenCase.expected as unknown as OrderCase;
    it(`${goldenCase.name}: ${spec.description}`, () => {
      const { folder, dispose } = materialise(goldenCase);
      try {
        const context = fixContext(readWorkspace(folder, { now }).snapshot, { enforcedChecks: spec.enforcedChecks });
        const finding = context.result.findings.find((f) => diagnosticLine(f) === spec.diagnostic);
        assert.ok(finding, `the finding ${spec.diagnostic}; found ${JSON.stringify(context.result.findings.map((f) => diagnosticLine(f)), null, 2)}`);
        assert.deepEqual(quickFixes(finding, context).map((f) => `${f.isPreferred ? '* ' : ''}${f.title}`), spec.offered);
      } finally {
        dispose();
      }
    });
  }
});
