import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeRun, requiredChecksRule } from './fakeGitHub';
import { cli, fixturesDir } from './paths';

/** The base workspace and its CI evidence as GitHub would serve them for the live tests. */
const base = path.join(fixturesDir, 'workspaces', 'base-go');
export const sha = '8f3c2a9d4b7e61f05c2d9a8e3b4f7061c9d2e5a8';
export const token = 'ghp_fakeTokenForTests0123456789';
const savedRuns = JSON.parse(fs.readFileSync(path.join(base, 'artifacts', 'check_runs.json'), 'utf8')).check_runs as { id: number; name: string; status: string; conclusion: string | null; started_at: string }[];
export const checkRuns = savedRuns.map(({ id, name, status, conclusion, started_at }) => ({ id, name, status, conclusion, started_at }));
/** The base's reports, as CI uploads them: one artifact, files at its root. */
const reports = Object.fromEntries(
  fs.readdirSync(path.join(base, 'artifacts')).filter((f) => f.endsWith('.json') && f !== 'check_runs.json' && f !== 'needs_context.json').map((f) => [f, fs.readFileSync(path.join(base, 'artifacts', f), 'utf8')]),
);
export const greenRun = (): FakeRun => ({ id: 7001, name: 'Smoke Verification', jobs: checkRuns.map((r, i) => ({ ...r, id: 9000 + i })), artifacts: [{ id: 501, name: 'governance-reports', files: reports }] });
export const enforced = requiredChecksRule([{ context: 'cognitive-quality-gates', integration_id: 15368 }, { context: 'policy-bundle-governance', integration_id: 15368 }, { context: 'runtime_canary' }]);

/** The base workspace as a repository holds it: every file but the downloaded CI artifacts. */
export function baseRepositoryTree(): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(base, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(base, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .filter((file) => !file.startsWith('artifacts/'))
      .map((file) => [file, fs.readFileSync(path.join(base, file), 'utf8')]),
  );
}

export interface Workspace {
  folder: string;
  cache: string;
  dispose(): void;
}

/** Makes the folder look like a clone of `origin` with branch main checked out at the commit (the .git files only). */
export function layGitClone(folder: string, origin: string): void {
  fs.mkdirSync(path.join(folder, '.git', 'refs', 'heads'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(folder, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${sha} refs/heads/main\n`);
  fs.writeFileSync(path.join(folder, '.git', 'config'), `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${origin}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);
}

/** The base workspace without its artifacts folder, as a clone of acme/agent-skills at the commit. */
export function workspace(origin = 'git@github.com:acme/agent-skills.git', edit?: (folder: string) => void): Workspace {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-live-'));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-cache-'));
  fs.cpSync(base, folder, { recursive: true });
  fs.rmSync(path.join(folder, 'artifacts'), { recursive: true, force: true });
  layGitClone(folder, origin);
  edit?.(folder);
  return { folder, cache, dispose: () => [folder, cache].forEach((d) => fs.rmSync(d, { recursive: true, force: true })) };
}


/** Runs the CLI with the cache in `cache`, no token but the one given, and no colour. */
export function runReadiness(args: string[], cache: string, env: Record<string, string | undefined> = { GITHUB_TOKEN: token }): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', READINESS_CACHE_DIR: cache, GITHUB_TOKEN: undefined, GH_TOKEN: undefined, ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: environment, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}
