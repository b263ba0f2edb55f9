import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../../../server/src/action/run';
import { FakeGitHub, requiredChecksRule, startFakeGitHub } from '../../support/fakeGitHub';
import { goldenCases, materialise } from '../../support/golden';
import { fixturesDir, repoRoot } from '../../support/paths';
import { validateSarif } from '../../support/sarifSchema';

// Recorded webhook payloads, as GitHub writes them to GITHUB_EVENT_PATH.
const webhooks: { name: string; examples: Record<string, unknown>[] }[] = require('@octokit/webhooks-examples');
const example = (name: string, action?: string) => webhooks.find((w) => w.name === name)!.examples.find((e) => action === undefined || e.action === action)!;
const pullRequestOpened = example('pull_request', 'opened') as { pull_request: { head: { sha: string }; base: { ref: string; sha: string } } };
const push = example('push');

const actionBundle = path.join(repoRoot, 'dist', 'action.js');
const expectedDir = path.join(fixturesDir, 'action');
const mergeCommit = '0123456789abcdef0123456789abcdef01234567';
/** The commit the base workspace's artifacts/check_runs.json are for. */
const baseCheckRunsCommit = '8f3c2a9d4b7e61f05c2d9a8e3b4f7061c9d2e5a8';

let fakeGitHub: FakeGitHub;
before(async () => {
  // The repository the recorded payloads name; no live CI evidence, so the files decide.
  fakeGitHub = await startFakeGitHub({ owner: 'Codertocat', repo: 'Hello-World', sha: pullRequestOpened.pull_request.head.sha });
});
after(async () => {
  assert.deepEqual(fakeGitHub.violations, []);
  await fakeGitHub.close();
});

interface Step {
  workspace: string;
  env: Record<string, string>;
  summaryFile: string;
  outputFile: string;
  dispose: () => void;
}

/** A runner's view of one step: the workspace, the event payload and the files GitHub hands the step. */
function step(folder: string, event: unknown, inputs: Record<string, string>, summaryFile?: string): Step {
  const runner = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-runner-'));
  const eventFile = path.join(runner, 'event.json');
  fs.writeFileSync(eventFile, JSON.stringify(event));
  const outputFile = path.join(runner, 'output');
  fs.writeFileSync(outputFile, '');
  const summary = summaryFile ?? path.join(runner, 'step_summary');
  fs.writeFileSync(summary, '');
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: folder,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: (event as { pull_request?: unknown }).pull_request ? 'pull_request' : 'push',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: mergeCommit,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: outputFile,
    // Live reads go to the loopback fake GitHub, and their cache to the runner's temporary folder.
    GITHUB_API_URL: fakeGitHub.apiUrl,
    READINESS_CACHE_DIR: path.join(runner, 'cache'),
    // The defaults action.yml declares, as the runner passes them.
    'INPUT_PATH': '.',
    'INPUT_GITHUB': 'true',
    'INPUT_TOKEN': 'ghs_not-a-real-token',
    'INPUT_FAIL-ON': 'no-go',
    'INPUT_SARIF-FILE': 'readiness.sarif',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  // The branch whose rules the step reads (a pull request's base, else the pushed one) enforces the checks the workspace lists.
  fakeGitHub.state.branch = (event as { pull_request?: { base: { ref: string } } }).pull_request?.base.ref ?? 'main';
  const listed = path.join(folder, inputs.path ?? '.', 'docs', 'required_status_checks.json');
  const contexts: string[] = fs.existsSync(listed) ? JSON.parse(fs.readFileSync(listed, 'utf8')).required_status_checks : [];
  fakeGitHub.state.rules = [requiredChecksRule(contexts.map((context) => ({ context, integration_id: 15368 })))];
  return { workspace: folder, env, summaryFile: summary, outputFile, dispose: () => fs.rmSync(runner, { recursive: true, force: true }) };
}

/** The outputs a step wrote to GITHUB_OUTPUT (`name<<delimiter` … `delimiter` blocks). */
function outputsOf(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of fs.readFileSync(file, 'utf8').matchAll(/^(.+?)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3];
  return outputs;
}

// @actions/core keeps the first summary path it sees for the life of the process.
const sharedSummary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-summary-')), 'step_summary');

async function runInProcess(s: Step): Promise<{ stdout: string; exitCode: number }> {
  const saved = { ...process.env };
  const write = process.stdout.write;
  let stdout = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  Object.assign(process.env, s.env);
  process.exitCode = undefined;
  try {
    await runAction();
  } finally {
    process.stdout.write = write;
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, exitCode };
}

/** The bundled action as the runner starts it; asynchronous, so the fake GitHub in this process can answer it. */
function runAsChild(s: Step): Promise<{ stdout: string; exitCode: number }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...s.env };
  const child = spawn(process.execPath, [actionBundle], { cwd: s.workspace, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => child.on('error', reject).on('close', (code) => resolve({ stdout, exitCode: code ?? -1 })));
}

const expected = (name: string, file: string) => fs.readFileSync(path.join(expectedDir, name, file), 'utf8');
/** The outputs with failing-controls parsed, beside the case's expected failing-controls.json. */
const decoded = (outputs: Record<string, string>) => ({ ...outputs, 'failing-controls': JSON.parse(outputs['failing-controls']) });
const failingControls = (name: string) => JSON.parse(expected(name, 'failing-controls.json'));
/** The workflow commands a step printed (annotations, failure); the plain log lines are not checked. */
const commands = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::')).join('\n') + '\n';

/** A golden case's workspace (test/fixtures/cases), or the Go base workspace itself. */
function workspaceOf(caseName: string): { folder: string; dispose: () => void } {
  if (caseName === 'base-go') return materialise({ name: caseName, dir: path.join(fixturesDir, 'workspaces', caseName), expected: { description: 'the Go base', base: caseName } });
  return materialise(goldenCases('cases').find((c) => c.name === caseName)!);
}

describe('GitHub Action', () => {
  it('on a pull request, checks the evidence against the head commit, not the merge commit: Go', async () => {
    const { folder, dispose } = workspaceOf('base-go');
    const checkRuns = path.join(folder, 'artifacts', 'check_runs.json');
    fs.writeFileSync(checkRuns, fs.readFileSync(checkRuns, 'utf8').replaceAll(baseCheckRunsCommit, pullRequestOpened.pull_request.head.sha));
    const s = step(folder, pullRequestOpened, {}, sharedSummary);
    try {
      const { stdout, exitCode } = await runInProcess(s);
      assert.equal(exitCode, 0);
      assert.equal(commands(stdout), '\n', 'no annotation on a clean workspace');
      assert.match(stdout, new RegExp(`^Reading what GitHub knows for Codertocat/Hello-World at ${pullRequestOpened.pull_request.head.sha}\\.$`, 'm'));
      assert.ok(fakeGitHub.requests.some((r) => r.url.startsWith('/repos/Codertocat/Hello-World/rules/branches/master?') && r.authorization === 'token ghs_not-a-real-token'), 'the base branch\'s rules are read with the job token');
      assert.deepEqual(outputsOf(s.outputFile), { verdict: 'go', 'sarif-file': path.join(folder, 'readiness.sarif'), 'failing-controls': '[]' });
      assert.equal(fs.readFileSync(s.summaryFile, 'utf8'), expected('pr-go', 'summary.md'));
      const sarif = JSON.parse(fs.readFileSync(path.join(folder, 'readiness.sarif'), 'utf8'));
      assert.deepEqual(validateSarif(sarif), []);
      assert.deepEqual(sarif.runs[0].results, []);
    } finally {
      s.dispose();
      dispose();
    }
  });

  it('on a pull request, names the change that drops a check the base branch requires: the base\'s rules and workflows read from GitHub, the finding at the head\'s line', async () => {
    const dropped = goldenCases('cases').find((c) => c.name === 'pull-request-check-dropped/name-changed')!;
    const { folder, dispose } = materialise(dropped);
    const s = step(folder, pullRequestOpened, { 'fail-on': 'error' }, sharedSummary);
    const { base } = pullRequestOpened.pull_request;
    fakeGitHub.state.rules = [requiredChecksRule([{ context: 'Lint', integration_id: 15368 }, { context: 'test (3.12)' }, { context: 'unit' }])];
    fakeGitHub.state.trees = { [base.sha]: { '.github/workflows/ci.yml': fs.readFileSync(path.join(dropped.dir, 'pull-request-base', '.github', 'workflows', 'ci.yml'), 'utf8') } };
    try {
      const { stdout, exitCode } = await runInProcess(s);
      assert.equal(exitCode, 1);
      assert.equal(
        commands(stdout),
        [
          '::error title=pull-request-check-dropped,file=.github/workflows/ci.yml,line=10,endLine=10,col=11,endColumn=20::Required check "Lint" (ruleset 42 (Repository acme/agent-skills) on GitHub), reported on master by ci.yml job lint, will no longer be reported on this pull request: job lint was renamed: its name changed from "Lint" to "Lint code"; it reports "Lint code".',
          '::error::Release readiness: Not applicable, but 1 error finding (fail-on: error).',
          '',
        ].join('\n'),
      );
      assert.ok(fakeGitHub.requests.some((r) => r.url === `/repos/Codertocat/Hello-World/contents/.github%2Fworkflows?ref=${base.sha}`), 'the base commit\'s workflows are listed');
      assert.ok(fakeGitHub.requests.some((r) => r.url === `/repos/Codertocat/Hello-World/contents/.github%2Fworkflows%2Fci.yml?ref=${base.sha}`), 'and read at the base commit');
      assert.equal(fs.readFileSync(s.summaryFile, 'utf8'), expected('pr-check-dropped', 'summary.md'));
    } finally {
      fakeGitHub.state.trees = {};
      s.dispose();
      dispose();
    }
  });

  it('on a pull request whose head has no check runs saved, the CI controls are stale: No-Go, the step fails', async () => {
    const { folder, dispose } = workspaceOf('base-go');
    const s = step(folder, pullRequestOpened, { github: 'false' }, sharedSummary);
    try {
      const { stdout, exitCode } = await runInProcess(s);
      assert.equal(exitCode, 1);
      assert.match(stdout, /^Live GitHub reads are off \(github: false\); the verdict comes from the files in the workspace\.$/m);
      assert.equal(commands(stdout), expected('pr-stale', 'commands.txt'));
      assert.deepEqual(decoded(outputsOf(s.outputFile)), { verdict: 'no-go', 'sarif-file': path.join(folder, 'readiness.sarif'), 'failing-controls': failingControls('pr-stale') });
    } finally {
      s.dispose();
      dispose();
    }
  });

  it('checks a folder inside the repository: annotations and SARIF name files from the repository root', async () => {
    const { folder, dispose } = workspaceOf('control-acceptance/replay-incomplete');
    const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-repository-'));
    fs.cpSync(folder, path.join(repository, 'service'), { recursive: true });
    const s = step(repository, push, { path: 'service', 'fail-on': 'never', 'sarif-file': 'reports/readiness.sarif' }, sharedSummary);
    try {
      const { stdout, exitCode } = await runInProcess(s);
      assert.equal(exitCode, 0, 'fail-on: never');
      assert.equal(commands(stdout), expected('subfolder', 'commands.txt'));
      assert.deepEqual(decoded(outputsOf(s.outputFile)), { verdict: 'no-go', 'sarif-file': path.join(repository, 'reports', 'readiness.sarif'), 'failing-controls': failingControls('subfolder') });
      assert.equal(fs.readFileSync(s.summaryFile, 'utf8'), expected('subfolder', 'summary.md'));
      const sarif = JSON.parse(fs.readFileSync(path.join(repository, 'reports', 'readiness.sarif'), 'utf8'));
      assert.deepEqual(validateSarif(sarif), []);
      const { results, tool: { driver } } = sarif.runs[0];
      for (const result of results) assert.equal(driver.rules[result.ruleIndex].id, result.ruleId, 'ruleIndex points at the result\'s rule');
      assert.deepEqual(results.map(({ ruleIndex, ...rest }: { ruleIndex: number }) => rest), JSON.parse(expected('subfolder', 'sarif-results.json')));
    } finally {
      s.dispose();
      dispose();
      fs.rmSync(repository, { recursive: true, force: true });
    }
  });

  it('fails on an error finding under fail-on: error even when the verdict is Go', async () => {
    const { folder, dispose } = workspaceOf('required-check-mapping/missing-mapping');
    const s = step(folder, push, { 'fail-on': 'error', github: 'false' }, sharedSummary);
    s.env.GITHUB_SHA = baseCheckRunsCommit;
    try {
      const { stdout, exitCode } = await runInProcess(s);
      assert.equal(outputsOf(s.outputFile).verdict, 'go');
      assert.equal(exitCode, 1);
      assert.match(stdout, /^::error::Release readiness: Go, but \d+ error findings? \(fail-on: error\)\.$/m);
    } finally {
      s.dispose();
      dispose();
    }
  });

  it('refuses an unknown fail-on value and says which values there are', async () => {
    const s = step(path.join(repoRoot, 'examples', 'agent-skills'), push, { 'fail-on': 'sometimes' }, sharedSummary);
    try {
      const { stdout, exitCode } = await runInProcess(s);
      assert.equal(exitCode, 1);
      assert.equal(commands(stdout), '::error::Input fail-on must be one of no-go, error, never; got "sometimes".\n');
      assert.deepEqual(outputsOf(s.outputFile), {});
    } finally {
      s.dispose();
    }
  });

  it('runs as the bundled action.yml entry: caps annotations as GitHub does and lists the rest in the summary', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-example-'));
    fs.cpSync(path.join(repoRoot, 'examples', 'agent-skills'), folder, { recursive: true });
    const s = step(folder, pullRequestOpened, {});
    try {
      const { stdout, exitCode } = await runAsChild(s);
      assert.equal(exitCode, 1);
      const printed = commands(stdout);
      assert.equal(printed, expected('example-capped', 'commands.txt'));
      const lines = printed.trim().split('\n');
      assert.equal(lines.filter((l) => l.startsWith('::error ')).length + lines.filter((l) => l.startsWith('::error::')).length, 10, 'ten errors per step, the failure included');
      assert.equal(lines.filter((l) => l.startsWith('::warning ')).length, 2);
      assert.equal(fs.readFileSync(s.summaryFile, 'utf8'), expected('example-capped', 'summary.md'));
      assert.deepEqual(decoded(outputsOf(s.outputFile)), { verdict: 'no-go', 'sarif-file': path.join(folder, 'readiness.sarif'), 'failing-controls': failingControls('example-capped') });
      const sarif = JSON.parse(fs.readFileSync(path.join(folder, 'readiness.sarif'), 'utf8'));
      assert.deepEqual(validateSarif(sarif), []);
      assert.equal(sarif.runs[0].results.length, 9 + 2 + 12, 'every finding is in the SARIF: the annotated and the rest');
    } finally {
      s.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
