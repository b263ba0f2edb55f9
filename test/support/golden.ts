import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LiveEvidence } from '../../server/src/core/live';
import type { PullRequestBase } from '../../server/src/core/workspace';
import { fixturesDir } from './paths';

/**
 * A golden case: `expected.json` beside a `files/` folder. The case's workspace is its base workspace
 * (test/fixtures/workspaces/<base>) with `files/` laid over it and the `delete` paths removed.
 */
export interface GoldenExpectation {
  description: string;
  base?: string;
  delete?: string[];
  now?: string;
  headSha?: string;
  policy?: string;
  /** readiness.playbook for the case (default auto). */
  playbook?: 'auto' | 'adopted' | 'off';
  /** The playbook mode the engine must report. */
  mode?: 'adopted' | 'not-adopted';
  verdict?: string;
  /** Control id → state; controls not listed are not checked. */
  controls?: Record<string, string>;
  /**
   * Every diagnostic, as the CLI's text output prints it: `file:line:col: severity rule message` (1-based).
   * The list is exact and unordered. A line written `/…/` is a regular expression the whole line must match,
   * for the few messages that must vary; everything else is compared character for character.
   */
  diagnostics?: string[];
  /** What GitHub says for the case (its files come from the case's `live/` folder). */
  live?: Omit<LiveEvidence, 'files' | 'reads' | 'errors'>;
  /** Control id → the source the panel names for it (a fragment). */
  sources?: Record<string, string>;
  /** Every suppressed finding, as the text output prints it (its line, then the suppression in brackets); exact, as `diagnostics`. */
  suppressed?: string[];
  /**
   * The case is a pull request into this branch and commit; the base commit's workflows and required-checks
   * file are the base workspace's, with the case's `pull-request-base/` folder laid over them.
   */
  pullRequestBase?: { ref: string; sha: string };
}

/** The fields an expected.json may have: anything else is a mistake (or a case written for an older format). */
export const goldenFields = ['description', 'base', 'delete', 'now', 'headSha', 'policy', 'playbook', 'mode', 'verdict', 'controls', 'diagnostics', 'live', 'sources', 'suppressed', 'pullRequestBase'] as const satisfies readonly (keyof GoldenExpectation)[];

export interface GoldenCase {
  name: string;
  dir: string;
  expected: GoldenExpectation;
}

export function goldenCases(group: string): GoldenCase[] {
  const root = path.join(fixturesDir, group);
  if (!fs.existsSync(root)) return [];
  const cases: GoldenCase[] = [];
  const visit = (dir: string) => {
    const expectedFile = path.join(dir, 'expected.json');
    if (fs.existsSync(expectedFile)) {
      cases.push({ name: path.relative(root, dir).split(path.sep).join('/'), dir, expected: JSON.parse(fs.readFileSync(expectedFile, 'utf8')) });
      return;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) visit(path.join(dir, entry.name));
  };
  visit(root);
  return cases.sort((a, b) => a.name.localeCompare(b.name));
}

/** Materialises the case's workspace in a temporary folder (removed by the returned function). */
export function materialise(goldenCase: GoldenCase): { folder: string; dispose: () => void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-golden-'));
  const { base } = goldenCase.expected;
  if (base) fs.cpSync(path.join(fixturesDir, 'workspaces', base), folder, { recursive: true });
  const files = path.join(goldenCase.dir, 'files');
  if (fs.existsSync(files)) fs.cpSync(files, folder, { recursive: true });
  for (const removed of goldenCase.expected.delete ?? []) fs.rmSync(path.join(folder, removed), { recursive: true, force: true });
  return { folder, dispose: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

/** The pull request's base (its branch, commit, workflows and required-checks file), for a case that is a pull request. */
export function pullRequestBase(goldenCase: GoldenCase): PullRequestBase | undefined {
  const at = goldenCase.expected.pullRequestBase;
  if (!at) return undefined;
  const files = new Map<string, string>();
  const read = (root: string, relative: string) => {
    const absolute = path.join(root, relative);
    if (!fs.existsSync(absolute)) return;
    if (fs.statSync(absolute).isDirectory()) for (const entry of fs.readdirSync(absolute)) read(root, `${relative}/${entry}`);
    else files.set(relative, fs.readFileSync(absolute, 'utf8'));
  };
  for (const root of [...(goldenCase.expected.base ? [path.join(fixturesDir, 'workspaces', goldenCase.expected.base)] : []), path.join(goldenCase.dir, 'pull-request-base')]) {
    read(root, '.github/workflows');
    read(root, 'docs/required_status_checks.json');
  }
  return { ...at, files };
}

/** The case's live evidence: `expected.live` with every file of its `live/` folder standing for that path. */
export function liveEvidence(goldenCase: GoldenCase): LiveEvidence | undefined {
  const { live } = goldenCase.expected;
  if (!live) return undefined;
  const root = path.join(goldenCase.dir, 'live');
  const files: LiveEvidence['files'] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(absolute);
      else files.push({ path: path.relative(root, absolute).split(path.sep).join('/'), text: fs.readFileSync(absolute, 'utf8'), source: 'live fixture' });
    }
  };
  if (fs.existsSync(root)) visit(root);
  return { ...live, files, reads: [], errors: [] };
}

/** Whether an expected golden line is a pattern (`/…/`) rather than the exact text. */
function isPattern(expected: string): boolean {
  return expected.length > 1 && expected.startsWith('/') && expected.endsWith('/');
}

/**
 * The expected lines as the actual ones they stand for: each exact line is itself, each pattern becomes the
 * actual line it matches (one actual line per pattern), an unmatched pattern stays as written. Comparing the
 * result with the sorted actual lines shows every difference at once.
 */
export function resolveGoldenLines(actual: string[], expected: string[]): { actual: string[]; expected: string[] } {
  const unclaimed = [...actual];
  const claim = (line: string) => unclaimed.splice(unclaimed.indexOf(line), 1);
  const resolved: string[] = [];
  for (const line of expected.filter((e) => !isPattern(e))) {
    if (unclaimed.includes(line)) claim(line);
    resolved.push(line);
  }
  for (const pattern of expected.filter(isPattern)) {
    const regex = new RegExp(`^(?:${pattern.slice(1, -1)})$`);
    const match = unclaimed.find((line) => regex.test(line));
    if (match !== undefined) claim(match);
    resolved.push(match ?? pattern);
  }
  return { actual: [...actual].sort(), expected: resolved.sort() };
}
