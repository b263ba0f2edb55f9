import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { AdoptionRequest, FixAllRequest, VerdictChangedNotification, VerdictModel, VerdictRequest } from '../../server/src/protocol';
import { LspSession } from '../support/lspSession';
import { repoRoot } from '../support/paths';

const example = path.join(repoRoot, 'examples', 'agent-skills');

function copyExample(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-'));
  fs.cpSync(example, folder, { recursive: true });
  return folder;
}

const uriOf = (folder: string, file: string) => pathToFileURL(path.join(folder, file)).toString();

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  source: string;
  message: string;
  codeDescription?: { href: string };
  data?: unknown;
  relatedInformation?: { location: { uri: string } }[];
}

function open(session: LspSession, folder: string, file: string, languageId: string): Promise<void> {
  return session.notify('textDocument/didOpen', { textDocument: { uri: uriOf(folder, file), languageId, version: 1, text: fs.readFileSync(path.join(folder, file), 'utf8') } });
}

async function pull(session: LspSession, folder: string, file: string): Promise<Diagnostic[]> {
  const report = await session.request('textDocument/diagnostic', { textDocument: { uri: uriOf(folder, file) } });
  assert.equal(report.kind, 'full');
  return report.items;
}

describe('language server over stdio', function () {
  this.timeout(30_000);
  let folder: string;
  let session: LspSession;

  beforeEach(async () => {
    folder = copyExample();
    session = new LspSession();
    const result = await session.initialize([{ uri: pathToFileURL(folder).toString(), name: 'agent-skills' }], { pull: true });
    assert.equal(result.capabilities.diagnosticProvider.interFileDependencies, true);
    assert.equal(result.capabilities.textDocumentSync, 2, 'incremental sync');
  });

  afterEach(async () => {
    await session.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reports JSON and YAML diagnostics at their ranges, with code, source, docs link and related locations', async () => {
    await open(session, folder, 'docs/required_status_checks.json', 'json');
    const json = await pull(session, folder, 'docs/required_status_checks.json');
    const name = json.find((d) => d.code === 'required-check-name');
    assert.ok(name, JSON.stringify(json.map((d) => d.code)));
    assert.equal(name.source, 'readiness');
    assert.deepEqual(name.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 30 } }, 'the "policy_bundle_governance" list entry');
    assert.match(name.codeDescription!.href, /docs\/rules\/required-check-name\.md$/);
    assert.ok(fs.existsSync(new URL(name.codeDescription!.href)), 'the docs page ships beside the server');
    assert.equal(name.relatedInformation![0].location.uri, uriOf(folder, '.github/workflows/ci.yml'));
    const yaml = await pull(session, folder, '.github/workflows/ci.yml');
    const job = yaml.find((d) => d.code === 'workflow-required-job');
    assert.ok(job);
    assert.equal(job.range.start.line, 286, 'the policy-bundle-governance job key');
  });

  it('offers the rename quick fix, preferred, as a versioned edit of both places', async () => {
    await open(session, folder, 'docs/required_status_checks.json', 'json');
    const diagnostic = (await pull(session, folder, 'docs/required_status_checks.json')).find((d) => d.code === 'required-check-name')!;
    const actions = await session.request('textDocument/codeAction', { textDocument: { uri: uriOf(folder, 'docs/required_status_checks.json') }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const rename = actions.find((a: { title: string }) => a.title === 'Rename required check "policy_bundle_governance" to "policy-bundle-governance"');
    assert.ok(rename, JSON.stringify(actions.map((a: { title: string }) => a.title)));
    assert.equal(rename.isPreferred, true);
    assert.equal(actions.filter((a: { isPreferred?: boolean }) => a.isPreferred).length, 1);
    const change = rename.edit.documentChanges[0];
    assert.equal(change.textDocument.version, 1, 'edits the open document at the version the server saw');
    assert.deepEqual(change.edits.map((e: { newText: string }) => e.newText), ['"policy-bundle-governance"', '"policy-bundle-governance"']);
    assert.ok(actions.some((a: { command?: { command: string } }) => a.command?.command === 'readiness.showRuleDocumentation'));
  });

  it('answers source.fixAll.readiness with one verified edit per changed file, and quick fixes only when asked', async () => {
    const uri = uriOf(folder, 'docs/required_status_checks.json');
    await open(session, folder, 'docs/required_status_checks.json', 'json');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await session.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.deepEqual(actions.map((a: { kind: string }) => a.kind), ['source.fixAll.readiness']);
    const changes = actions[0].edit.documentChanges as { textDocument: { uri: string; version: number | null }; edits: { newText: string }[] }[];
    const edited = Object.fromEntries(changes.map((c) => [c.textDocument.uri, c]));
    assert.equal(edited[uri].textDocument.version, 1, 'the open document at the version the server saw');
    assert.equal(changes.every((c) => c.edits.length === 1), true, 'one edit per file');
    const before = fs.readFileSync(path.join(folder, 'docs/required_status_checks.json'), 'utf8');
    assert.ok(before.includes('"policy_bundle_governance"') && !edited[uri].edits[0].newText.includes('policy_bundle_governance'), 'the drifted name is fixed');
    const quick = await session.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(quick, [], 'no fix-all when only quick fixes are asked for');
    const all = await session.request(FixAllRequest.type, { uri: pathToFileURL(folder).toString() });
    assert.ok(all, 'the folder is known');
    assert.deepEqual(all.edit, actions[0].edit, 'the command computes the same edit');
    assert.ok(all.applied.length > 0);
  });

  it('completes check names, workflows and job ids; hovers, goes to the job, finds references and renames', async () => {
    const file = 'docs/required_status_checks.json';
    await open(session, folder, file, 'json');
    const uri = uriOf(folder, file);
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    const lines = text.split('\n');
    const position = (needle: string, occurrence = 0, delta = 1) => {
      let count = 0;
      for (let line = 0; line < lines.length; line++) {
        const at = lines[line].indexOf(needle);
        if (at >= 0 && count++ === occurrence) return { line, character: at + delta };
      }
      throw new Error(needle);
    };
    const inList = await session.request('textDocument/completion', { textDocument: { uri }, position: position('"runtime_canary"') });
    const labels = (inList.items ?? inList).map((i: { label: string }) => i.label);
    assert.ok(labels.includes('policy-bundle-governance') && labels.includes('test (3.11)'), labels.join(', '));
    const jobIds = await session.request('textDocument/completion', { textDocument: { uri }, position: position('"job_id": "runtime_canary"', 0, 11) });
    assert.ok((jobIds.items ?? jobIds).some((i: { label: string }) => i.label === 'dx_metrics'), 'job ids of smoke.yml');
    const workflows = await session.request('textDocument/completion', { textDocument: { uri }, position: position('"workflow": "smoke.yml"', 0, 13) });
    assert.deepEqual((workflows.items ?? workflows).map((i: { label: string }) => i.label).sort(), ['ci.yml', 'smoke.yml']);

    const hover = await session.request('textDocument/hover', { textDocument: { uri }, position: position('"runtime_canary"') });
    assert.match(hover.contents.value, /Job: `runtime_canary`/);
    assert.match(hover.contents.value, /Triggers: .*`pull_request`/);

    const definition = await session.request('textDocument/definition', { textDocument: { uri }, position: position('"runtime_canary"') });
    assert.equal(definition[0].uri, uriOf(folder, '.github/workflows/smoke.yml'));
    assert.equal(definition[0].range.start.line, 453);

    const smoke = uriOf(folder, '.github/workflows/smoke.yml');
    await open(session, folder, '.github/workflows/smoke.yml', 'yaml');
    const references = await session.request('textDocument/references', { textDocument: { uri: smoke }, position: { line: 453, character: 4 }, context: { includeDeclaration: false } });
    assert.ok(references.length >= 3 && references.every((r: { uri: string }) => r.uri === uri));

    const prepared = await session.request('textDocument/prepareRename', { textDocument: { uri: smoke }, position: { line: 453, character: 4 } });
    assert.equal(prepared.placeholder, 'runtime_canary');
    const rename = await session.request('textDocument/rename', { textDocument: { uri: smoke }, position: { line: 453, character: 4 }, newName: 'runtime-canary' });
    const byUri = new Map(rename.documentChanges.map((c: { textDocument: { uri: string }; edits: unknown[] }) => [c.textDocument.uri, c.edits]));
    assert.ok((byUri.get(smoke) as unknown[]).length >= 2, 'the key and the needs: that name it');
    assert.equal((byUri.get(uri) as unknown[]).length, 3, 'job_id, mapping key and the list entry (the check name follows the id)');
    assert.ok(byUri.has(uriOf(folder, 'docs/BRANCH_PROTECTION_POLICY.md')), 'the policy document too');
  });

  it('announces the verdict of a first check from its controls, before its rules run, then answers with the problems too', async () => {
    const answer = await session.request(VerdictRequest.type);
    const early = session.notifications.find((n) => n.method === VerdictChangedNotification.method);
    assert.ok(early, 'the verdict was announced before the request was answered');
    const [first] = (early.params as VerdictModel).folders;
    const [full] = answer.folders;
    assert.equal(first.checking, true);
    assert.deepEqual([first.problems, first.suppressed], [{ error: 0, warning: 0, information: 0, hint: 0, files: [] }, []], 'no problem known yet');
    assert.equal(full.checking, false);
    assert.ok(full.problems.error > 0 && full.problems.files.length > 0, 'the answer has the problems');
    // Everything but the problems is the whole check's.
    const { problems: _p1, suppressed: _s1, checking: _c1, ...withoutProblems } = first;
    const { problems: _p2, suppressed: _s2, checking: _c2, ...wholeWithoutProblems } = full;
    assert.deepEqual(withoutProblems, wholeWithoutProblems);
    assert.equal(first.verdict, 'no-go');
  });

  it('re-validates a file changed on disk and says the verdict changed', async () => {
    const before = await session.request(VerdictRequest.type);
    assert.equal(before.folders[0].verdict, 'no-go');
    assert.equal(before.folders[0].controls.find((c) => c.id === 'replay_determinism_report')?.state, 'failed');
    const file = path.join(folder, 'artifacts', 'replay_determinism_report.json');
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    report.status = 'passed';
    Object.assign(report.summary, { completed_executions: 6, execution_complete: true, passed_executions: 6, failed_executions: 0, pass_ratio: 1.0 });
    report.tests = [0, 1, 2, 3, 4, 5].map((i) => ({ ...report.tests[0], repetition: (i % 2) + 1, returncode: 0, execution_id: `n${i}::pass${(i % 2) + 1}` }));
    report.failures = [];
    fs.writeFileSync(file, JSON.stringify(report, null, 2));
    const changed = session.waitFor(VerdictChangedNotification.type, (m) => m.folders[0].controls.find((c) => c.id === 'replay_determinism_report')?.state === 'passed');
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 2 }] });
    await changed;
  });

  it('answers pulls typed ahead from the latest text, and refuses the ones cancelled on the way', async () => {
    const file = 'docs/required_status_checks.json';
    const uri = uriOf(folder, file);
    await open(session, folder, file, 'json');
    await pull(session, folder, file);
    // Letters typed after the required check "runtime_canary" (line 5), each edit sent without waiting and
    // followed by a pull, every second pull cancelled at once, as VS Code does when a newer edit supersedes it.
    const line = 4;
    const character = fs.readFileSync(path.join(folder, file), 'utf8').split('\n')[line].indexOf('runtime_canary"') + 'runtime_canary'.length;
    const letters = 'abcdefghijklmnopqrstuvwxyzabcde';
    const typedIn = (report: { items: Diagnostic[] }) => {
      const names = report.items.filter((d) => d.code === 'required-check-mapping').map((d) => /"runtime_canary([a-z]*)"/.exec(d.message)?.[1]);
      return names.find((typed) => typed !== undefined);
    };
    const pulls = [...letters].map((letter, i) => {
      void session.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: { line, character: character + i }, end: { line, character: character + i } }, text: letter }] });
      const source = new CancellationTokenSource();
      const answer = session.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, source.token);
      if (i % 2 === 1) source.cancel();
      return answer.then(
        (report) => ({ i, report }),
        (error: unknown) => ({ i, error }),
      );
    });
    const settled = await Promise.all(pulls);
    let refused = 0;
    for (const outcome of settled) {
      if ('error' in outcome) {
        assert.ok(outcome.i % 2 === 1, `pull ${outcome.i} was not cancelled, yet refused: ${String(outcome.error)}`);
        assert.ok(outcome.error instanceof ResponseError && outcome.error.code === -32800, `RequestCancelled, not ${String(outcome.error)}`);
        refused++;
        continue;
      }
      // Never older than the edit sent before the pull.
      const typed = typedIn(outcome.report);
      assert.ok(typed !== undefined && typed.length >= outcome.i + 1 && letters.startsWith(typed), `pull ${outcome.i} answered from "${typed}"`);
    }
    assert.ok(refused > 0, 'the pulls cancelled while a burst was read are refused');
    const last = settled[settled.length - 1];
    assert.ok('report' in last);
    assert.equal(typedIn(last.report), letters, 'the last pull sees every edit');
  });

  it('asks the client to pull again only when a document other than the one it pulls changed', async () => {
    const report = 'artifacts/replay_determinism_report.json';
    const checks = 'docs/required_status_checks.json';
    const smoke = '.github/workflows/smoke.yml';
    for (const [file, languageId] of [[report, 'json'], [checks, 'json'], [smoke, 'yaml']]) {
      await open(session, folder, file, languageId);
      await pull(session, folder, file);
    }
    const quiet = () => new Promise((resolve) => setTimeout(resolve, 400));
    await quiet();
    const before = session.refreshes;
    // A letter typed into the execution id of the failing replay: that report's diagnostics change alone, and its pull carries them.
    const lines = fs.readFileSync(path.join(folder, report), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('test_resume_run_executes_from_checkpoint::pass2'));
    const character = lines[line].indexOf('::pass2');
    await session.notify('textDocument/didChange', { textDocument: { uri: uriOf(folder, report), version: 2 }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }] });
    assert.ok((await pull(session, folder, report)).some((d) => d.message.includes('checkpointx::pass2')), 'the pull has the new id');
    await quiet();
    assert.equal(session.refreshes, before, 'no refresh for the document just pulled');
    // The job a required check is mapped to, renamed in smoke.yml while it is pulled: the required-checks file changes too.
    const jobLine = fs.readFileSync(path.join(folder, smoke), 'utf8').split('\n').indexOf('  runtime_canary:');
    await session.notify('textDocument/didChange', { textDocument: { uri: uriOf(folder, smoke), version: 2 }, contentChanges: [{ range: { start: { line: jobLine, character: 2 }, end: { line: jobLine, character: 16 } }, text: 'runtime_probe' }] });
    await pull(session, folder, smoke);
    for (let tries = 0; tries < 100 && session.refreshes === before; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(session.refreshes, before + 1, 'one refresh, for the required-checks file');
    assert.ok((await pull(session, folder, checks)).some((d) => d.message.includes('runtime_canary')), 'whose next pull shows the missing job');
  });

  it('applies a rule severity setting without reading the folder again, as the editor sends every setting', async () => {
    // The readiness section as VS Code sends it: every contributed setting at its default.
    const contributed = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { default: unknown }>;
    const settings: Record<string, any> = {};
    for (const [key, { default: value }] of Object.entries(contributed)) {
      const [, ...names] = key.split('.');
      let at = settings;
      for (const name of names.slice(0, -1)) at = at[name] ??= {};
      at[names[names.length - 1]] = value;
    }
    const configured = new LspSession({ settings });
    try {
      await configured.initialize([{ uri: pathToFileURL(folder).toString(), name: 'agent-skills' }], { pull: true });
      const file = 'docs/required_status_checks.json';
      await open(configured, folder, file, 'json');
      const pullFrom = async () => (await configured.request('textDocument/diagnostic', { textDocument: { uri: uriOf(folder, file) } })).items as Diagnostic[];
      const first = await pullFrom();
      assert.ok(first.some((d) => d.code === 'required-check-name'));
      // Written behind the server's back: a workflow it would list, and report as broken, only if it read the folder again.
      const added = '.github/workflows/added-behind.yml';
      fs.writeFileSync(path.join(folder, added), 'jobs: [\n');
      settings.ruleSeverity = { 'required-check-name': 'off' };
      await configured.notify('workspace/didChangeConfiguration', { settings: null });
      let items: Diagnostic[] = [];
      for (let tries = 0; tries < 100 && (items = await pullFrom()).some((d) => d.code === 'required-check-name'); tries++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(!items.some((d) => d.code === 'required-check-name'), 'the rule is off');
      const addedItems = (await configured.request('textDocument/diagnostic', { textDocument: { uri: uriOf(folder, added) } })).items as Diagnostic[];
      assert.deepEqual(addedItems, [], 'the folder as listed at the start');
      fs.rmSync(path.join(folder, added));
    } finally {
      await configured.dispose();
    }
  });

  it('pushes diagnostics to a client without pull support', async () => {
    const push = new LspSession();
    try {
      await push.initialize([{ uri: pathToFileURL(folder).toString(), name: 'agent-skills' }], { pull: false });
      const published = await push.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === uriOf(folder, 'docs/required_status_checks.json'));
      assert.ok((published as any).diagnostics.some((d: Diagnostic) => d.code === 'required-check-name'));
    } finally {
      await push.dispose();
    }
  });

  it('answers the verdict request for every folder of a multi-root workspace', async () => {
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-empty-'));
    fs.mkdirSync(path.join(second, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(second, '.github', 'workflows', 'ci.yml'), 'on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo lint\n');
    const multi = new LspSession();
    try {
      await multi.initialize([{ uri: pathToFileURL(folder).toString(), name: 'agent-skills' }, { uri: pathToFileURL(second).toString(), name: 'empty' }], { pull: true });
      const model = await multi.request(VerdictRequest.type);
      assert.deepEqual(model.folders.map((f) => [f.name, f.verdict]), [['agent-skills', 'no-go'], ['empty', 'not-applicable']]);
      // Both folders' verdicts were announced from their controls before either folder's rules ran.
      const early = multi.notifications.find((n) => n.method === VerdictChangedNotification.method)?.params as VerdictModel | undefined;
      assert.deepEqual(early?.folders.map((f) => [f.name, f.verdict, f.checking]), [['agent-skills', 'no-go', true], ['empty', 'not-applicable', true]]);
      assert.deepEqual(model.folders.map((f) => f.checking), [false, false]);
      assert.equal(model.folders[1].mode.playbook, 'not-adopted');
      assert.equal(model.folders[0].mode.playbook, 'adopted');
      // The starter files of adoption, computed by the server for the client to write.
      const adoption = await multi.request(AdoptionRequest.type, { uri: pathToFileURL(second).toString() });
      assert.ok(adoption, 'the folder is known');
      assert.deepEqual(adoption.files.map((f) => f.path), ['.github/readiness-policy.json', 'docs/required_status_checks.json', 'docs/BRANCH_PROTECTION_POLICY.md']);
      assert.deepEqual(JSON.parse(adoption.files[1].text).required_status_checks, ['lint']);
      assert.equal(model.folders[1].hasEvidence, false);
      assert.equal(model.folders[0].hasEvidence, true);
    } finally {
      await multi.dispose();
      fs.rmSync(second, { recursive: true, force: true });
    }
  });
});
