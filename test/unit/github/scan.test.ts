import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeGitHub, FakeRepository, FakeState, requiredChecksRule, startFakeGitHub } from '../../support/fakeGitHub';
import { runReadiness, sha, token } from '../../support/liveWorkspace';
import { cli } from '../../support/paths';

const workflow = 'name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
const requiredChecks = (check: string) => `{\n  "required_status_checks": ["${check}"],\n  "check_job_mapping": {\n    "${check}": { "workflow": "ci.yml", "job_id": "test" }\n  }\n}\n`;
/** A repository that has not adopted the playbook, whose one required check is reported by its one job. */
const agreeing = { '.github/workflows/ci.yml': workflow, 'docs/required_status_checks.json': requiredChecks('test') };
/** The same, with the required check named "tests": no job reports it. */
const drifted = { '.github/workflows/ci.yml': workflow, 'docs/required_status_checks.json': requiredChecks('tests') };

interface Record {
  repo: string;
  outcome: string;
  verdict?: string;
  mode?: string;
  reason?: string;
  detail?: string;
  counts?: { error: number; warning: number };
  requiredCheckFindings?: { file: string; line: number; rule: string }[];
}

const numbered = (count: number, extra: (i: number) => Partial<FakeRepository> = () => ({})): FakeRepository[] => Array.from({ length: count }, (_, i) => ({ name: `service-${String(i + 1).padStart(3, '0')}`, ...extra(i + 1) }));

describe('readiness scan (an organisation on the fake GitHub, checked with the official OpenAPI description)', function () {
  this.timeout(120_000);
  let fake: FakeGitHub | undefined;
  let dir: string;
  const start = async (state: Partial<FakeState>) => {
    fake = await startFakeGitHub({ sha, trees: { [sha]: agreeing }, rules: [requiredChecksRule([{ context: 'test', integration_id: 15368 }])], ...state });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-scan-'));
    return fake;
  };
  const scan = (args: string[]) => runReadiness(['scan', ...args, '--github-api', fake!.apiUrl], path.join(dir, 'cache'));
  const records = (file: string): Record[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  afterEach(async () => {
    const violations = fake?.violations ?? [];
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fake = undefined;
    assert.deepEqual(violations, [], 'every request and response follows the OpenAPI description');
  });

  it('200 repositories listed page by page: one record each, archived skipped, no access and empty said', async () => {
    const special: { [n: number]: Partial<FakeRepository> } = { 7: { archived: true }, 42: { access: 404 }, 43: { access: 403 }, 99: { empty: true }, 150: { trees: { [sha]: drifted } } };
    await start({ repositories: numbered(199, (n) => special[n] ?? {}) });
    const out = path.join(dir, 'org.jsonl');
    const { code, stdout, stderr } = await scan(['acme', '--out', out, '--concurrency', '4']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    const lines = records(out);
    assert.equal(lines.length, 200);
    assert.equal(new Set(lines.map((r) => r.repo)).size, 200);
    const byRepo = new Map(lines.map((r) => [r.repo, r]));
    assert.deepEqual(['acme/service-007', 'acme/service-042', 'acme/service-043', 'acme/service-099'].map((repo) => [byRepo.get(repo)!.outcome, byRepo.get(repo)!.reason]), [
      ['skipped', 'archived'],
      ['skipped', 'no-access'],
      ['skipped', 'no-access'],
      ['skipped', 'empty'],
    ]);
    assert.equal(byRepo.get('acme/service-042')!.detail, 'not found, or not visible to this account (HTTP 404)');
    const driftedRecord = byRepo.get('acme/service-150')!;
    assert.deepEqual([driftedRecord.outcome, driftedRecord.verdict, driftedRecord.mode, driftedRecord.counts!.error], ['checked', 'not-applicable', 'not-adopted', 3]);
    // "tests" required by the file, "test" by the rules and reported by the job: drift both ways, and a name no job reports.
    assert.deepEqual(driftedRecord.requiredCheckFindings!.map((f) => `${f.file}:${f.line} ${f.rule}`).sort(), [
      '.github/workflows/ci.yml:7 workflow-required-job',
      'docs/required_status_checks.json:2 required-check-name',
      'docs/required_status_checks.json:2 ruleset-drift',
      'docs/required_status_checks.json:2 ruleset-drift',
    ]);
    const checked = lines.filter((r) => r.outcome === 'checked');
    assert.equal(checked.length, 196);
    assert.ok(checked.every((r) => r.repo === 'acme/service-150' || (r.counts!.error === 0 && r.requiredCheckFindings!.length === 0)));
    const listing = fake!.requests.filter((r) => r.url.startsWith('/orgs/acme/repos')).map((r) => r.url);
    assert.deepEqual(listing, ['/orgs/acme/repos?per_page=100', '/orgs/acme/repos?per_page=100&page=2']);
    assert.ok(!fake!.requests.some((r) => r.url.startsWith('/repos/acme/service-007/')), 'an archived repository is not read');
    assert.match(stderr, /^200 repositories; checking 200, 4 at a time$/m);
    assert.match(stderr, /^\[200\/200\] acme\/\S+: /m);
    assert.match(stderr, /^\[\d+\/200\] acme\/service-150: not-applicable, 3 errors, 1 warning, 4 required-check findings$/m);
  });

  for (const status of [403, 429] as const) {
    it(`a rate limit mid-scan (${status}, x-ratelimit-remaining: 0, the reset a second away) is waited out and the scan completes`, async () => {
      await start({ repositories: numbered(9), rateLimit: { status, afterRequests: 25, seconds: 1 } });
      const out = path.join(dir, 'limited.jsonl');
      const { code, stderr } = await scan(['acme', '--out', out]);
      assert.equal(code, 0, stderr);
      const lines = records(out);
      assert.equal(lines.length, 10);
      assert.ok(lines.every((r) => r.outcome === 'checked' && r.counts!.error === 0), JSON.stringify(lines.filter((r) => r.outcome !== 'checked')));
      assert.ok(fake!.requests.some((r) => r.status === status), 'the limit was hit');
      assert.match(stderr, /^rate limited; waiting \d s for GitHub's reset before /m);
    });
  }

  it('--repos FILE resumes after an interrupt: recorded repositories are not read again, a half-written last line is replaced', async () => {
    await start({ repositories: numbered(5, (n) => (n === 4 ? { archived: true } : {})) });
    const list = path.join(dir, 'repos.txt');
    fs.writeFileSync(list, '# the shard\nacme/agent-skills\nacme/service-001\n\nacme/service-002\nacme/service-003\nacme/service-004\nacme/service-005\nacme/missing\n');
    const out = path.join(dir, 'part.jsonl');
    const done = (repo: string) => JSON.stringify({ repo, outcome: 'checked', verdict: 'not-applicable', mode: 'not-adopted', counts: { error: 0, warning: 0, information: 0, hint: 0 }, requiredCheckFindings: [], githubErrors: [], checkedAt: '2026-01-01T00:00:00.000Z' });
    fs.writeFileSync(out, `${done('acme/agent-skills')}\n${done('acme/service-001')}\n${done('acme/service-002').slice(0, 40)}`);
    const { code, stderr } = await scan(['--repos', list, '--out', out, '--concurrency', '2']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^7 repositories, 2 already in .*part\.jsonl; checking 5, 2 at a time$/m);
    const lines = records(out);
    assert.deepEqual(lines.map((r) => r.repo).sort(), ['acme/agent-skills', 'acme/missing', 'acme/service-001', 'acme/service-002', 'acme/service-003', 'acme/service-004', 'acme/service-005']);
    const byRepo = new Map(lines.map((r) => [r.repo, r]));
    assert.deepEqual([byRepo.get('acme/service-004')!.reason, byRepo.get('acme/missing')!.reason], ['archived', 'no-access']);
    assert.ok(!fake!.requests.some((r) => /^\/repos\/acme\/(agent-skills|service-001)[/?]|^\/repos\/acme\/(agent-skills|service-001)$/.test(r.url)), 'recorded repositories are not read again');
  });

  it('a scan killed mid-run and run again records every repository exactly once', async () => {
    await start({ repositories: numbered(29) });
    const out = path.join(dir, 'killed.jsonl');
    const args = [cli, 'scan', 'acme', '--out', out, '--concurrency', '1', '--github-api', fake!.apiUrl];
    const env = { ...process.env, NO_COLOR: '1', READINESS_CACHE_DIR: path.join(dir, 'cache'), GITHUB_TOKEN: token, GH_TOKEN: undefined };
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (child.exitCode === null && (!fs.existsSync(out) || records(out).length < 3)) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await exited;
    const before = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
    assert.ok(before >= 3 && before < 30, `killed after ${before} records`);
    const { code, stderr } = await scan(['acme', '--out', out]);
    assert.equal(code, 0, stderr);
    const repos = records(out).map((r) => r.repo);
    assert.equal(repos.length, 30);
    assert.equal(new Set(repos).size, 30);
  });

  it('a user rather than an organisation: listed through /users/{username}/repos', async () => {
    await start({ owner: 'octocat', ownerType: 'User', repositories: numbered(2) });
    const { code, stdout, stderr } = await scan(['octocat']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line).repo).sort(), ['octocat/agent-skills', 'octocat/service-001', 'octocat/service-002']);
    assert.deepEqual(fake!.requests.filter((r) => r.url.includes('/repos?')).map((r) => `${r.url} ${r.status}`), ['/orgs/octocat/repos?per_page=100 404', '/users/octocat/repos?per_page=100 200']);
  });

  it('an owner that cannot be listed: one line on stderr, exit 2', async () => {
    await start({});
    const { code, stdout, stderr } = await scan(['nobody']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'readiness: github: nobody: not found, or not visible to this account (HTTP 404)\n');
  });
});

describe('readiness scan-summary', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-scan-summary-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const counts = (error: number, warning: number) => ({ error, warning, information: 0, hint: 0 });
  const at = '2026-03-01T10:00:00.000Z';
  const finding = { file: 'docs/required_status_checks.json', line: 2, column: 30, endLine: 2, endColumn: 37, severity: 'error', rule: 'required-check-name', message: 'Required check "tests" will never be reported | ever' };
  const write = (name: string, lines: object[], tail = '') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join('') + tail);
    return file;
  };

  it('merges shards into one Markdown table, a repository checked on a retry replacing its failure', () => {
    const first = write('part-1.jsonl', [
      { repo: 'acme/web', outcome: 'checked', verdict: 'no-go', mode: 'adopted', counts: counts(3, 1), requiredCheckFindings: [finding], githubErrors: [], checkedAt: at },
      { repo: 'acme/api', outcome: 'failed', detail: 'rate limited (HTTP 403)', checkedAt: at },
      { repo: 'acme/old', outcome: 'skipped', reason: 'archived', checkedAt: at },
    ]);
    const second = write('part-2.jsonl', [
      { repo: 'acme/api', outcome: 'checked', verdict: 'go', mode: 'adopted', counts: counts(0, 2), requiredCheckFindings: [], githubErrors: [], checkedAt: at },
      { repo: 'acme/lib', outcome: 'checked', verdict: 'not-applicable', mode: 'not-adopted', counts: counts(0, 0), requiredCheckFindings: [], githubErrors: [], checkedAt: at },
      { repo: 'acme/secret', outcome: 'skipped', reason: 'no-access', detail: 'not found, or not visible to this account (HTTP 404)', checkedAt: at },
    ], '{"repo":"acme/cut');
    const { code, stdout, stderr } = runSync(['scan-summary', first, second]);
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      [
        '## Release readiness of 5 repositories',
        '',
        '1 Go, 1 not adopted, 1 skipped: archived, 1 skipped: no access, 1 No-Go.',
        '',
        '| repository | verdict | errors | warnings | required-check findings | detail |',
        '|---|---|---:|---:|---:|---|',
        '| acme/api | Go | 0 | 2 | 0 |  |',
        '| acme/lib | not adopted | 0 | 0 | 0 |  |',
        '| acme/old | skipped: archived |  |  |  |  |',
        '| acme/secret | skipped: no access |  |  |  | not found, or not visible to this account (HTTP 404) |',
        '| acme/web | No-Go | 3 | 1 | 1 |  |',
        '',
        '### Required-check findings',
        '',
        '- acme/web `docs/required_status_checks.json:2:30` `required-check-name` Required check "tests" will never be reported \\| ever',
        '',
      ].join('\n'),
    );
    const page = runSync(['scan-summary', first, second, '--format', 'html']);
    assert.equal(page.code, 0, page.stderr);
    assert.match(page.stdout, /^<!doctype html>\n/);
    assert.match(page.stdout, /<tr><td>acme\/web<\/td><td>No-Go<\/td><td class="n">3<\/td><td class="n">1<\/td><td class="n">1<\/td><td><\/td><\/tr>/);
    assert.match(page.stdout, /<li>acme\/web <code>docs\/required_status_checks\.json:2:30<\/code> <code>required-check-name<\/code> Required check &quot;tests&quot; will never be reported \| ever<\/li>/);
  });

  it('a line that is not a record (other than a cut-off last line) is an error naming it, exit 2', () => {
    const file = write('bad.jsonl', [{ repo: 'acme/web', outcome: 'skipped', reason: 'archived', checkedAt: at }], 'not json\n{"repo":"acme/x","outcome":"skipped","reason":"empty","checkedAt":"x"}\n');
    const { code, stdout, stderr } = runSync(['scan-summary', file]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `readiness: ${file}: line 2 is not a scan record\n`);
  });
});

function runSync(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
