import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EvidenceMarkdownRequest, VerdictRequest } from '../../server/src/protocol';
import { LspSession } from '../support/lspSession';
import { repoRoot } from '../support/paths';

/** JSON-RPC's code for params of the wrong types. */
const invalidParams = -32602;

const uriOf = (folder: string, file: string) => pathToFileURL(path.join(folder, file)).toString();

/** The error a request is answered with; fails when it is answered with a result. */
async function refused(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  const outcome = await request.then(
    (answer) => ({ answer }),
    (error: { code: number; message: string }) => ({ error }),
  );
  if ('answer' in outcome) assert.fail(`answered ${JSON.stringify(outcome.answer)}`);
  return outcome.error;
}

describe('language server over stdio: params of the wrong types', function () {
  this.timeout(30_000);
  let folder: string;
  let session: LspSession;
  const checksFile = 'docs/required_status_checks.json';
  let checks: string;
  let text: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-'));
    fs.cpSync(path.join(repoRoot, 'examples', 'agent-skills'), folder, { recursive: true });
    session = new LspSession();
    await session.initialize([{ uri: pathToFileURL(folder).toString(), name: 'agent-skills' }], { pull: true });
    checks = uriOf(folder, checksFile);
    text = fs.readFileSync(path.join(folder, checksFile), 'utf8');
    await session.notify('textDocument/didOpen', { textDocument: { uri: checks, languageId: 'json', version: 1, text } });
  });

  afterEach(async () => {
    await session.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const codes = async () => ((await session.request('textDocument/diagnostic', { textDocument: { uri: checks } })).items as { code: string; range: { start: { line: number } } }[]).map((d) => `${d.range.start.line}:${d.code}`);

  it('refuses a rename whose newName is not a string, and renames with a string', async () => {
    const smoke = uriOf(folder, '.github/workflows/smoke.yml');
    const at = { textDocument: { uri: smoke }, position: { line: 453, character: 4 } };
    for (const newName of [42, null, { name: 'x' }]) {
      const error = await refused(session.request('textDocument/rename', { ...at, newName }));
      assert.equal(error.code, invalidParams);
      assert.match(error.message, /textDocument\/rename: \/newName must be string/);
    }
    const error = await refused(session.request('textDocument/rename', { textDocument: { uri: smoke }, position: { line: 453 } }));
    assert.equal(error.code, invalidParams, 'a position without its character');
    const rename = await session.request('textDocument/rename', { ...at, newName: 'runtime-canary' });
    assert.ok(rename.documentChanges.length >= 2);
  });

  it('refuses every request whose params have the wrong types, and keeps answering', async () => {
    const badPosition = { textDocument: { uri: checks }, position: { line: '3', character: 5 } };
    const requests: [string, unknown][] = [
      ['textDocument/completion', badPosition],
      ['textDocument/hover', badPosition],
      ['textDocument/definition', { textDocument: { uri: checks }, position: { line: -1, character: 0 } }],
      ['textDocument/references', { textDocument: { uri: 7 }, position: { line: 3, character: 5 }, context: { includeDeclaration: false } }],
      ['textDocument/prepareRename', { textDocument: checks, position: { line: 3, character: 5 } }],
      ['textDocument/codeAction', { textDocument: { uri: checks }, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } }, context: { diagnostics: {} } }],
      ['textDocument/codeAction', { textDocument: { uri: checks }, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } }, context: { diagnostics: [{ range: null, message: 'x' }] } }],
      ['textDocument/diagnostic', { textDocument: {} }],
      ['workspace/diagnostic', { previousResultIds: 'none' }],
      [EvidenceMarkdownRequest.method, { uri: 5 }],
    ];
    for (const [method, params] of requests) {
      const error = await refused(session.request(method, params));
      assert.equal(error.code, invalidParams, `${method} ${JSON.stringify(params)}: ${error.message}`);
      assert.ok(error.message.startsWith(`Invalid params of ${method}: `), error.message);
    }
    const hover = await session.request('textDocument/hover', { textDocument: { uri: checks }, position: { line: 3, character: 6 } });
    assert.match(hover.contents.value, /policy_bundle_governance|policy-bundle-governance/);
    assert.ok((await session.request(VerdictRequest.type)).folders.length === 1);
  });

  it('drops a didChange whose changes are partly malformed whole: the text, its version and the verdict stay as they were', async () => {
    const drifted = '"policy_bundle_governance"';
    const line = text.split('\n').findIndex((l) => l.includes(drifted));
    const character = text.split('\n')[line].indexOf(drifted);
    const fix = { range: { start: { line, character: character + 1 }, end: { line, character: character + drifted.length - 1 } }, text: 'policy-bundle-governance' };
    const before = await codes();
    assert.ok(before.includes(`${line}:required-check-name`), before.join(', '));

    await session.notify('textDocument/didChange', { textDocument: { uri: checks, version: 2 }, contentChanges: [fix, { range: { start: { line: 'x', character: 0 } }, text: 5 }] });
    await session.notify('textDocument/didChange', { textDocument: { uri: checks, version: 2 }, contentChanges: [fix, { text: null }] });
    await session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: checks }] });
    assert.deepEqual(await codes(), before);
    // A valid edit elsewhere re-validates the text the server holds: the drift must still be there.
    const end = text.split('\n').length - 1;
    await session.notify('textDocument/didChange', { textDocument: { uri: checks, version: 2 }, contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: ' ' }] });
    assert.deepEqual(await codes(), before, 'nothing of the malformed changes was applied');
    const hover = await session.request('textDocument/hover', { textDocument: { uri: checks }, position: { line, character: character + 2 } });
    assert.match(hover.contents.value, /policy_bundle_governance/, 'the server still holds the text it had');

    // The same first change alone is applied: the drift is gone, so the assertions above could fail.
    await session.notify('textDocument/didChange', { textDocument: { uri: checks, version: 3 }, contentChanges: [fix] });
    const after = await codes();
    assert.ok(!after.includes(`${line}:required-check-name`), after.join(', '));
    assert.match(session.stderr + JSON.stringify(session.notifications), /Invalid params of textDocument\/didChange: .*The notification was ignored\./);
  });

  it('drops a workspace-folder change it cannot apply whole: the folder it would remove stays', async () => {
    const own = { uri: pathToFileURL(folder).toString(), name: 'agent-skills' };
    await session.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'vscode-vfs://github/owner/repo', name: 'remote' }], removed: [own] } });
    await session.notify('workspace/didChangeWorkspaceFolders', { event: { added: 'none', removed: [own] } });
    const verdict = await session.request(VerdictRequest.type);
    assert.deepEqual(verdict.folders.map((f: { uri: string }) => f.uri), [own.uri]);
  });

  it('refuses an initialize whose workspace folders are not a list, before reading any folder', async () => {
    const other = new LspSession();
    try {
      const error = await refused(other.request('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: 'file:///tmp' }));
      assert.equal(error.code, invalidParams);
    } finally {
      await other.dispose();
    }
  });
});
