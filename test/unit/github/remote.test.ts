import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeGitHub, FakeState, requiredChecksRule, startFakeGitHub } from '../../support/fakeGitHub';
import { baseRepositoryTree, checkRuns, enforced, greenRun, runReadiness, sha } from '../../support/liveWorkspace';
import { ResponseCache } from '../../../server/src/node/github/cache';
import { fetchCalledWorkflows } from '../../../server/src/node/github/calledWorkflows';
import { createClient } from '../../../server/src/node/github/client';
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

  it('@TAG is the tag\'s commit (through the annotated tag object), and no branch\'s rules are read, not even of a branch named like the tag', async () => {
    const tagged = '6a1f3e9c2b8d7054e1a3c9f2b6d8e0a4c7b5f913';
    const tagObject = '3c9e1b7a5d2f8e0c4a6b9d1f3e5a7c9b2d4f6e81';
    const release = baseRepositoryTree();
    release['docs/required_status_checks.json'] = release['docs/required_status_checks.json'].replace('"runtime_canary"\n', '"runtime_canary",\n    "lint"\n');
    // The branch v1.2 has rules of its own and another commit: neither may be read for the tag.
    await start({ branch: 'v1.2', tags: { 'v1.2': { commit: tagged, annotated: tagObject } }, trees: { [sha]: baseRepositoryTree(), [tagged]: release } });
    const { output, stderr } = await check('github:acme/agent-skills@v1.2', ['--format', 'json']);
    assert.equal(output.github.sha, tagged, stderr);
    assert.equal(output.github.branch, undefined);
    assert.equal(output.github.rules, undefined);
    assert.deepEqual(output.github.reads.find((r: { what: string }) => r.what === 'branch rules'), { what: 'branch rules', endpoint: 'GET /repos/acme/agent-skills/rules/branches/{branch}', outcome: 'skipped', detail: 'v1.2 is a tag; rules apply to branches (name a branch as @BRANCH to check its rules)' });
    assert.ok(!fake!.requests.some((r) => r.url.includes('/rules/branches/') || r.url.includes('/branches/v1.2')), 'no branch rules or protection are asked for');
    assert.ok(fake!.requests.some((r) => r.url === `/repos/acme/agent-skills/git/tags/${tagObject}`), 'the annotated tag is followed to its commit');
    assert.ok(!fake!.requests.some((r) => r.url === '/repos/acme/agent-skills/commits/v1.2'), 'the ref is not resolved by name, where the branch could win');
    assert.ok(fake!.requests.every((r) => !r.url.includes('/contents/') || r.url.endsWith(`?ref=${tagged}`)), 'every file is read at the tag\'s commit');
    assert.ok(output.diagnostics.some((d: { file: string; rule: string }) => d.file === 'docs/required_status_checks.json' && d.rule === 'required-check-mapping'), 'the tag\'s own files are checked');
  });

  it('reusable workflows of other repositories are read at the ref each call names, so their checks are named; one that cannot be read says why', async () => {
    const tree = baseRepositoryTree();
    tree['.github/workflows/release.yml'] = [
      'name: Release',
      'on:',
      '  pull_request:',
      'jobs:',
      '  release:',
      '    uses: octo-org/ci/.github/workflows/build.yml@v2',
      '  audit:',
      '    uses: octo-org/private/.github/workflows/audit.yml@main',
      '',
    ].join('\n');
    const build = ['on:', '  workflow_call:', 'jobs:', '  compile:', '    name: Compile', '    runs-on: ubuntu-latest', '    steps:', '      - run: make', '  checks:', '    uses: ./.github/workflows/checks.yml', ''].join('\n');
    const checksWorkflow = ['on:', '  workflow_call:', 'jobs:', '  lint:', '    runs-on: ubuntu-latest', '    steps:', '      - run: make lint', ''].join('\n');
    const rules = [requiredChecksRule([{ context: 'release / Compile' }, { context: 'release / checks / lint' }, { context: 'audit / scan' }])];
    await start({ rules, trees: { [sha]: tree }, foreignRepositories: { 'octo-org/ci': { v2: { '.github/workflows/build.yml': build, '.github/workflows/checks.yml': checksWorkflow } } } });
    const { output, stderr } = await check('github:acme/agent-skills', ['--format', 'json']);
    const unreported = output.diagnostics.filter((d: { rule: string }) => d.rule === 'ruleset-check-unreported');
    assert.deepEqual(
      unreported.map((d: { file: string; line: number; severity: string; message: string }) => `${d.file}:${d.line} ${d.severity} ${d.message}`),
      ['.github/workflows/release.yml:7 warning Required check "audit / scan" (ruleset 42 (Repository acme/agent-skills) on GitHub) may never be reported: no job is known to report it; the names of release.yml job audit cannot be computed (it calls octo-org/private/.github/workflows/audit.yml@main, which could not be read (octo-org/private has no .github/workflows/audit.yml at main, or the repository is not visible to this token (HTTP 404))).'],
      stderr,
    );
    assert.ok(fake!.requests.some((r) => r.url === '/repos/octo-org/ci/contents/.github%2Fworkflows%2Fbuild.yml?ref=v2'), 'the called workflow is read at the ref the call names');
    assert.ok(fake!.requests.some((r) => r.url === '/repos/octo-org/ci/contents/.github%2Fworkflows%2Fchecks.yml?ref=v2'), 'its own ./ call is read from its repository at the same ref');
  });

  it('reads at most the given number of called workflows; the ones past the limit say they were not fetched', async () => {
    const callee = (next?: string) => ['on:', '  workflow_call:', 'jobs:', '  step:', ...(next ? [`    uses: ./.github/workflows/${next}`] : ['    runs-on: ubuntu-latest', '    steps:', '      - run: make']), ''].join('\n');
    await start({ foreignRepositories: { 'octo-org/ci': { v2: { '.github/workflows/a.yml': callee('b.yml'), '.github/workflows/b.yml': callee('c.yml'), '.github/workflows/c.yml': callee() } } } });
    const client = createClient({ apiUrl: fake!.apiUrl, cache: new ResponseCache(cache!), userAgent: 'release-readiness-test' });
    const caller = ['on: pull_request', 'jobs:', '  build:', '    uses: octo-org/ci/.github/workflows/a.yml@v2', ''].join('\n');
    const called = await fetchCalledWorkflows(client, [caller], 2);
    assert.deepEqual([...called.keys()], ['octo-org/ci/.github/workflows/a.yml@v2', 'octo-org/ci/.github/workflows/b.yml@v2', 'octo-org/ci/.github/workflows/c.yml@v2']);
    assert.ok('text' in called.get('octo-org/ci/.github/workflows/b.yml@v2')!);
    assert.deepEqual(called.get('octo-org/ci/.github/workflows/c.yml@v2'), { unread: 'more than 2 reusable workflows of other repositories are called; this one was not fetched' });
    assert.equal(fake!.requests.filter((r) => r.url.startsWith('/repos/octo-org/ci/contents/')).length, 2, 'two reads, no more');
  });

  it('a repository that does not exist (or is not visible): one line on stderr, exit 2', async () => {
    await start();
    const { code, stdout, stderr } = await check('github:acme/missing');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'readiness: github: acme/missing: not found, or not visible to this account (HTTP 404)\n');
  });
});
