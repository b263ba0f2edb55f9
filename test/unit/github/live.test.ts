import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeGitHub, FakeState, mergeQueueRule, requiredChecksRule, startFakeGitHub } from '../../support/fakeGitHub';
import { checkRuns, enforced, greenRun, runReadiness, sha, token, Workspace, workspace } from '../../support/liveWorkspace';

function runCli(ws: Workspace, args: string[], env?: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return runReadiness(['check', ws.folder, ...args], ws.cache, env);
}

async function check(fake: FakeGitHub, ws: Workspace, extra: string[] = []) {
  const run = await runCli(ws, ['--format', 'json', '--github', '--github-api', fake.apiUrl, ...extra]);
  return { ...run, output: JSON.parse(run.stdout) };
}

describe('live GitHub evidence (CLI against a fake GitHub checked with the official OpenAPI description)', function () {
  this.timeout(60_000);
  let fake: FakeGitHub | undefined;
  let ws: Workspace | undefined;
  const start = async (state: Partial<FakeState>, origin?: string, edit?: (folder: string) => void) => {
    fake = await startFakeGitHub({ sha, rules: [enforced], checkRuns, runs: [greenRun()], ...state });
    ws = workspace(origin, edit);
    return { fake, ws };
  };
  afterEach(async () => {
    const violations = fake?.violations ?? [];
    await fake?.close();
    if (ws) {
      // The token is never written to the cache.
      for (const file of fs.readdirSync(ws.cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
        assert.ok(!fs.readFileSync(path.join(file.parentPath, file.name), 'utf8').includes(token), `${file.name} holds no token`);
      }
      ws.dispose();
    }
    fake = ws = undefined;
    assert.deepEqual(violations, [], 'every request and response follows the OpenAPI description');
  });

  it('green commit: Go from live evidence with no artifacts folder; every control names its live source; a re-check costs only 304s', async () => {
    const { fake, ws } = await start({});
    const first = await check(fake, ws);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.output.verdict, 'go');
    assert.equal(first.output.github.repo, 'acme/agent-skills');
    assert.equal(first.output.github.branch, 'main');
    assert.equal(first.output.github.sha, sha);
    assert.deepEqual(first.output.github.errors, []);
    assert.equal(first.output.controls.find((c: { id: string }) => c.id === 'ci.runtime_canary').source, `check runs of ${sha.slice(0, 7)}`);
    assert.equal(first.output.controls.find((c: { id: string }) => c.id === 'replay_determinism_report').source, 'artifact governance-reports of run 7001 (Smoke Verification)');
    assert.deepEqual(first.output.diagnostics, [], 'no diagnostics on files that are not in the workspace');
    const api = fake.requests.filter((r) => r.host === 'api');
    assert.ok(api.every((r) => r.authorization === `token ${token}`), 'the token goes to the API host');
    assert.equal(fake.requests.filter((r) => r.host === 'download').length, 1, 'the zip is fetched once, from the redirect');

    fake.requests.length = 0;
    const second = await check(fake, ws);
    assert.equal(second.output.verdict, 'go');
    const gets = fake.requests.filter((r) => r.host === 'api' && !r.url.includes('/zip') && r.url !== '/user' && !r.url.includes('/protection/'));
    assert.ok(gets.length > 0 && gets.every((r) => r.status === 304), `conditional requests: ${JSON.stringify(gets)}`);
    assert.equal(fake.requests.filter((r) => r.url.includes('/zip') || r.host === 'download').length, 0, 'the unpacked artifact is reused from the cache');

    const text = (await runCli(ws, ['--github', '--github-api', fake.apiUrl])).stdout.split('\n');
    assert.match(text[2], new RegExp(`^Live evidence from GitHub: acme/agent-skills main at ${sha.slice(0, 7)}, checked \\d{4}-\\d\\d-\\d\\dT[^;]+\\.$`), text.slice(0, 4).join('\n'));
  });

  it('a failed required check is No-Go, from the live check run', async () => {
    const { fake, ws } = await start({ checkRuns: checkRuns.map((r) => (r.name === 'runtime_canary' ? { ...r, conclusion: 'failure' } : r)) });
    const { code, output } = await check(fake, ws);
    assert.equal(code, 1);
    const control = output.controls.find((c: { id: string }) => c.id === 'ci.runtime_canary');
    assert.equal(control.state, 'failed');
    assert.match(control.reason, /conclusion "failure"|conclusion failure/);
  });

  it('the ruleset requires a matrix name the workflow no longer reports', async () => {
    const { fake, ws } = await start({ rules: [requiredChecksRule([{ context: 'test (3.10)' }])] }, undefined, (folder) => fs.rmSync(path.join(folder, 'docs', 'required_status_checks.json')));
    const { output } = await check(fake, ws);
    const unreported = output.diagnostics.filter((d: { rule: string }) => d.rule === 'ruleset-check-unreported');
    assert.deepEqual(unreported.map((d: { file: string; line: number }) => `${d.file}:${d.line}`), ['.github/workflows/ci.yml:34']);
    assert.equal(output.github.rules.requiredChecks[0].state, 'unreported');
  });

  it('a merge queue without merge_group', async () => {
    const { fake, ws } = await start({ rules: [enforced, mergeQueueRule(43)] });
    const { output } = await check(fake, ws);
    assert.equal(output.github.rules.mergeQueue, true);
    const files = output.diagnostics.filter((d: { rule: string }) => d.rule === 'ruleset-merge-queue-trigger').map((d: { file: string }) => d.file);
    assert.deepEqual(files.sort(), ['.github/workflows/ci.yml', '.github/workflows/ci.yml', '.github/workflows/smoke.yml']);
  });

  it('drift both ways between docs/required_status_checks.json and the rules; hidden classic protection is "not visible", not "unprotected"', async () => {
    const { fake, ws } = await start({ rules: [requiredChecksRule([{ context: 'cognitive-quality-gates' }, { context: 'lint' }])] });
    const { output } = await check(fake, ws);
    const drift = output.diagnostics.filter((d: { rule: string }) => d.rule === 'ruleset-drift').map((d: { message: string }) => d.message);
    assert.equal(drift.length, 3);
    assert.ok(drift.some((m: string) => m.includes('require "lint"')));
    assert.ok(drift.some((m: string) => m.startsWith('"runtime_canary" is listed as required')));
    assert.equal(output.github.classicProtection, 'not visible to this account');
  });

  it('classic protection that is readable adds its checks', async () => {
    const { fake, ws } = await start({ rules: [], classicChecks: [{ context: 'cognitive-quality-gates', app_id: 15368 }, { context: 'policy-bundle-governance', app_id: null }, { context: 'runtime_canary', app_id: null }] });
    const { output } = await check(fake, ws);
    assert.equal(output.github.classicProtection, 'read');
    assert.deepEqual(output.github.rules.requiredChecks.map((c: { source: string }) => c.source), ['classic branch protection', 'classic branch protection', 'classic branch protection']);
    assert.equal(output.diagnostics.filter((d: { rule: string }) => d.rule === 'ruleset-drift').length, 0);
  });

  it('a token without checks permission: the Actions jobs stand in, page by page', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ id: 20000 + i, name: `shard ${i}`, status: 'completed', conclusion: 'success', started_at: '2026-06-12T08:41:00Z' }));
    const { fake, ws } = await start({ checkRuns: 'forbidden', runs: [{ ...greenRun(), jobs: [...greenRun().jobs, ...many] }] });
    const { code, output, stderr } = await check(fake, ws);
    assert.equal(code, 0, stderr);
    assert.equal(output.verdict, 'go');
    assert.match(output.controls.find((c: { id: string }) => c.id === 'ci.runtime_canary').source, /^Actions jobs of 8f3c2a9/);
    assert.ok(output.github.reads.some((r: { what: string; outcome: string }) => r.what === 'check runs of the commit' && r.outcome === 'not visible'));
    assert.ok(fake.requests.some((r) => r.url.includes('/jobs') && r.url.includes('page=2')), 'the second page is followed through the Link header');
  });

  it('the API is down: a line on stderr, github.errors, and the verdict from what could be read', async () => {
    const { ws } = await start({});
    const { code, stdout, stderr } = await runCli(ws, ['--format', 'json', '--github', '--github-api', 'http://127.0.0.1:9']);
    const output = JSON.parse(stdout);
    assert.equal(code, 1, 'No-Go: without evidence, as without --github');
    assert.match(stderr, /^readiness: github: branch rules: the API could not be reached/m);
    assert.ok(output.github.errors.length > 0);
  });

  it('rate limited (429 with retry-after): said once per read, never waited on for long', async () => {
    const { fake, ws } = await start({ rateLimit: { status: 429, retryAfter: 600 } });
    const began = Date.now();
    const { stderr, output } = await check(fake, ws);
    assert.ok(Date.now() - began < 30_000);
    assert.match(stderr, /rate limited \(HTTP 429\); try again after/);
    assert.ok(output.github.errors.every((e: string) => /rate limited/.test(e)));
  });

  it('an expired download URL is an error on that artifact only', async () => {
    const { fake, ws } = await start({ downloadLifetimeMs: -1000 });
    const { output } = await check(fake, ws);
    assert.ok(output.github.errors.some((e: string) => /artifact governance-reports: .*HTTP 403.*expires/.test(e)), JSON.stringify(output.github.errors));
    assert.equal(output.controls.find((c: { id: string }) => c.id === 'ci.runtime_canary').state, 'passed', 'the check runs were still read');
  });

  it('GitHub Enterprise Server: the repository from an https remote, the REST root with /api/v3', async () => {
    const { fake, ws } = await start({ basePath: '/api/v3' }, 'https://ghe.example.com/acme/agent-skills.git');
    assert.match(fake.apiUrl, /\/api\/v3$/);
    const { output } = await check(fake, ws);
    assert.equal(output.verdict, 'go');
    assert.ok(fake.requests.every((r) => r.host === 'download' || r.url.startsWith('/api/v3/')));
  });

  it('overrides: --repo, --branch, --sha for a detached CI checkout', async () => {
    const { fake, ws } = await start({ owner: 'other', repo: 'fork', branch: 'release' });
    fs.writeFileSync(path.join(ws.folder, '.git', 'HEAD'), `${'0'.repeat(40)}\n`);
    const { output } = await check(fake, ws, ['--repo', 'other/fork', '--branch', 'release', '--sha', sha]);
    assert.equal(output.github.repo, 'other/fork');
    assert.equal(output.verdict, 'go');
  });

  it('without --github nothing touches the network, even with a token set', async () => {
    const { fake, ws } = await start({});
    const output = JSON.parse((await runCli(ws, ['--format', 'json'])).stdout);
    assert.equal(output.github, undefined);
    assert.equal(fake.requests.length, 0);
  });
});
