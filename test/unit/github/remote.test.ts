import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeGitHub, FakeState, startFakeGitHub } from '../../support/fakeGitHub';
import { baseRepositoryTree, checkRuns, enforced, greenRun, runReadiness, sha } from '../../support/liveWorkspace';
import { fixturesDir } from '../../support/paths';

const base = path.join(fixturesDir, 'workspaces', 'base-go');
const releaseSha = '1d7e0c4b9a2f38e65d0b7c1a4e9f2d3b6c8a0e17';

describe('readiness check github:OWNER/REPO[@REF] (contents API of the fake GitHub, checked with the official OpenAPI description)', function () {
  this.timeout(60_000);
  let fake: FakeGitHub | undefined;
  let cache: string | undefined;
  const start = async (state: Partial<FakeState> = {}) => {
    fake = await startFakeGitHub({ sha, rules: [enforced], checkRuns, runs: [greenRun()], trees: { [sha]: baseRepositoryTree() }, ...state });
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-remote-'));
    return fake;
  };
  const check = async (target: string, extra: string[] = []) => {
    const run = await runReadiness(['check', target, '--github-api', fake!.apiUrl, ...extra], cache!);
    return { ...run, output: run.stdout.startsWith('{') ? JSON.parse(run.stdout) : undefined };
  };
  afterEach(async () => {
    const violations = fake?.violations ?? [];
    await fake?.close();
    if (cache) fs.rmSync(cache, { recursive: true, force: true });
    fake = cache = undefined;
    assert.deepEqual(violations, [], 'every request and response follows the OpenAPI description');
  });

  it('the default branch, read without a clone, gives the verdict and diagnostics of the local folder', async () => {
    await start();
    const local = await runReadiness(['check', base, '--format', 'json'], fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-remote-')));
    const remote = await check('github:acme/agent-skills', ['--format', 'json']);
    const localOutput = JSON.parse(local.stdout);
    assert.equal(remote.code, local.code, remote.stderr);
    assert.equal(remote.output.verdict, 'go');
    assert.equal(remote.output.verdict, localOutput.verdict);
    assert.deepEqual(remote.output.diagnostics, localOutput.diagnostics);
    const states = (output: { controls: { id: string; state: string }[] }) => output.controls.map((c) => `${c.id}: ${c.state}`);
    assert.deepEqual(states(remote.output), states(localOutput));
    assert.equal(remote.output.github.repo, 'acme/agent-skills');
    assert.equal(remote.output.github.branch, 'main');
    assert.equal(remote.output.github.sha, sha);
    assert.deepEqual(remote.output.github.errors, []);
    const contents = fake!.requests.filter((r) => r.url.includes('/contents/'));
    assert.ok(contents.length > 0 && contents.every((r) => r.url.endsWith(`?ref=${sha}`)), 'every file is read at the resolved commit');
    assert.ok(contents.some((r) => r.url.startsWith('/repos/acme/agent-skills/contents/.github%2Fworkflows?')), 'the workflows folder is listed');
    for (const format of ['text', 'sarif', 'markdown']) {
      const run = await check('github:acme/agent-skills', ['--format', format]);
      assert.equal(run.code, 0, `${format}: ${run.stderr}`);
      assert.ok(run.stdout.length > 0, format);
    }
  });

  it('@REF picks the ref: its files at its commit, and the live reads for that branch and commit', async () => {
    const release = baseRepositoryTree();
    const checks = JSON.parse(release['docs/required_status_checks.json']);
    checks.required_status_checks.push('lint');
    release['docs/required_status_checks.json'] = JSON.stringify(checks, null, 2);
    await start({ refs: { release: releaseSha }, trees: { [sha]: baseRepositoryTree(), [releaseSha]: release } });
    const { code, output, stderr } = await check('github:acme/agent-skills@release', ['--format', 'json']);
    assert.equal(code, 1, stderr);
    assert.equal(output.github.branch, 'release');
    assert.equal(output.github.sha, releaseSha);
    const files = output.diagnostics.map((d: { file: string }) => d.file);
    assert.ok(files.includes('docs/required_status_checks.json'), JSON.stringify(output.diagnostics));
    assert.ok(fake!.requests.some((r) => r.url === '/repos/acme/agent-skills/commits/release'));
    assert.ok(fake!.requests.every((r) => !r.url.includes('/contents/') || r.url.endsWith(`?ref=${releaseSha}`)));
  });

  it('a repository that does not exist (or is not visible): one line on stderr, exit 2', async () => {
    await start();
    const { code, stdout, stderr } = await check('github:acme/missing');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'readiness: github: acme/missing: not found, or not visible to this account (HTTP 404)\n');
  });
});
