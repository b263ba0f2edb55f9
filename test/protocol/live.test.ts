import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { RefreshLiveRequest, VerdictChangedNotification } from '../../server/src/protocol';
import { FakeGitHub, requiredChecksRule, startFakeGitHub } from '../support/fakeGitHub';
import { checkRuns, greenRun, sha, token, Workspace, workspace } from '../support/liveWorkspace';
import { LspSession } from '../support/lspSession';

describe('language server with live GitHub evidence', function () {
  this.timeout(60_000);
  let fake: FakeGitHub;
  let ws: Workspace;
  let session: LspSession;

  beforeEach(async () => {
    // The ruleset requires lint, which docs/required_status_checks.json does not list, and not runtime_canary, which it does.
    fake = await startFakeGitHub({ sha, checkRuns, runs: [greenRun()], rules: [requiredChecksRule([{ context: 'cognitive-quality-gates' }, { context: 'policy-bundle-governance' }, { context: 'lint' }])] });
    ws = workspace();
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_TOKEN: token, GH_TOKEN: undefined, READINESS_CACHE_DIR: ws.cache };
    session = new LspSession({ env, settings: { github: { enabled: true, apiUrl: fake.apiUrl } } });
    await session.initialize([{ uri: pathToFileURL(ws.folder).toString(), name: 'agent-skills' }], { pull: true });
  });

  afterEach(async () => {
    await session.dispose();
    await fake.close();
    ws.dispose();
    assert.deepEqual(fake.violations, []);
  });

  const liveVerdict = () => session.waitFor(VerdictChangedNotification.type, (m) => m.folders[0]?.live?.state === 'live', 30_000);

  it("reads live evidence with the environment's token: the source line, each control's source, drift as diagnostics with the fix that adds the missing entry", async () => {
    const model = await liveVerdict();
    const folder = model.folders[0];
    assert.equal(folder.verdict, 'go');
    assert.match(folder.live!.line!, /^live: 8f3c2a9 on main, checked \d\d:\d\d UTC$/);
    assert.deepEqual(folder.live!.errors, []);
    assert.equal(folder.live!.verified!.url, `${fake.apiUrl}/repos/acme/agent-skills/rules/branches/main`);
    assert.equal(folder.controls.find((c) => c.id === 'ci.runtime_canary')!.source, 'check runs of 8f3c2a9');
    assert.match(folder.controls.find((c) => c.id === 'replay_determinism_report')!.uri!, /^file:.*\/artifacts\/8f3c2a9[0-9a-f]+\/501\/replay_determinism_report\.json$/, 'a live report opens from the cache');

    const uri = pathToFileURL(`${ws.folder}/docs/required_status_checks.json`).toString();
    const report = await session.request('textDocument/diagnostic', { textDocument: { uri } });
    const drift = report.items.filter((d: { code: string }) => d.code === 'ruleset-drift');
    assert.equal(drift.length, 2, JSON.stringify(report.items.map((d: { code: string; message: string }) => d.message)));
    const add = drift.find((d: { message: string }) => d.message.includes('require "lint"'));
    const actions = await session.request('textDocument/codeAction', { textDocument: { uri }, range: add.range, context: { diagnostics: [add] } });
    const fix = actions.find((a: { title: string }) => a.title === 'Add "lint" to the required checks, mapped to ci.yml job lint (the branch\'s rules require it)');
    assert.ok(fix, JSON.stringify(actions.map((a: { title: string }) => a.title)));
    assert.equal(fix.isPreferred, true, 'the list, the mapping and the policy document change together: nothing is left about "lint"');

    assert.ok(fake.requests.filter((r) => r.host === 'api').every((r) => r.authorization === `token ${token}`));
  });

  it('a refresh while GitHub is rate limited keeps the last good evidence and says why', async () => {
    await liveVerdict();
    fake.state.rateLimit = { status: 403 };
    await session.request(RefreshLiveRequest.type);
    const model = await session.waitFor(VerdictChangedNotification.type, (m) => (m.folders[0]?.live?.errors.length ?? 0) > 0, 30_000);
    const live = model.folders[0].live!;
    assert.equal(model.folders[0].verdict, 'go', 'the last good live evidence stands');
    assert.ok(live.errors.some((e) => /rate limited \(HTTP 403\)/.test(e)), JSON.stringify(live.errors));
    assert.ok(live.errors.some((e) => e.startsWith('showing the live evidence checked at')));
  });
});
