import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VerdictRequest } from '../../server/src/protocol';
import { makeHostileWorkspace, hostileFiles } from '../support/hostileWorkspace';
import { LspSession } from '../support/lspSession';
import { cli } from '../support/paths';

describe('hostile files', function () {
  this.timeout(60_000);
  let workspace: { folder: string; dispose: () => void };
  before(() => (workspace = makeHostileWorkspace()));
  after(() => workspace.dispose());

  it('through the CLI: a clear diagnostic on each file, the rest still validated, no crash or hang', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [cli, 'check', workspace.folder, '--format', 'json'], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 1, `exit 1 (No-Go), not a crash: ${result.stderr}`);
    const output = JSON.parse(result.stdout);
    for (const { file, says } of hostileFiles) {
      const messages = output.diagnostics.filter((d: { file: string }) => d.file === file).map((d: { message: string }) => d.message);
      assert.ok(messages.some((m: string) => says.test(m)), `${file}: ${says} in ${JSON.stringify(messages)}`);
    }
    assert.ok(!output.diagnostics.some((d: { rule: string }) => d.rule === 'internal-error'), 'no rule fault');
    assert.equal(output.controls.find((c: { id: string }) => c.id === 'workflow_embedded_python_report').state, 'passed', 'the untouched files are still validated');
    assert.ok(Date.now() - started < 20_000, `finished in ${Date.now() - started} ms`);
  });

  it('through the language server: answers every request, and keeps answering after hostile documents are opened', async () => {
    const session = new LspSession();
    try {
      const folderUri = pathToFileURL(workspace.folder).toString();
      await session.initialize([{ uri: folderUri, name: 'hostile' }], { pull: true });
      const model = await session.request(VerdictRequest.type);
      assert.equal(model.folders[0].verdict, 'no-go');
      for (const { file, says } of hostileFiles) {
        const report = await session.request('textDocument/diagnostic', { textDocument: { uri: pathToFileURL(path.join(workspace.folder, file)).toString() } });
        assert.ok(report.items.some((d: { message: string }) => says.test(d.message)), `${file}: ${JSON.stringify(report.items.map((d: { message: string }) => d.message))}`);
      }
      const deep = pathToFileURL(path.join(workspace.folder, 'artifacts', 'governance_executive_summary.json')).toString();
      await session.notify('textDocument/didOpen', { textDocument: { uri: deep, languageId: 'json', version: 1, text: '{"reports": ' + '['.repeat(300_000) } });
      const huge = pathToFileURL(path.join(workspace.folder, 'artifacts', 'runtime_governance_executive_summary.json')).toString();
      await session.notify('textDocument/didOpen', { textDocument: { uri: huge, languageId: 'json', version: 1, text: ' '.repeat(25 * 1024 * 1024) + '{}' } });
      const deepReport = await session.request('textDocument/diagnostic', { textDocument: { uri: deep } });
      assert.ok(deepReport.items.some((d: { message: string }) => /nested deeper/.test(d.message)));
      const hugeReport = await session.request('textDocument/diagnostic', { textDocument: { uri: huge } });
      assert.ok(hugeReport.items.some((d: { message: string }) => /over the 20 MB limit/.test(d.message)), JSON.stringify(hugeReport.items.map((d: { message: string }) => d.message)));
      const workflow = pathToFileURL(path.join(workspace.folder, '.github', 'workflows', 'smoke.yml')).toString();
      await session.notify('textDocument/didOpen', { textDocument: { uri: workflow, languageId: 'yaml', version: 1, text: fs.readFileSync(path.join(workspace.folder, '.github', 'workflows', 'smoke.yml'), 'utf8') } });
      const references = await session.request('textDocument/references', { textDocument: { uri: workflow }, position: { line: 453, character: 4 }, context: { includeDeclaration: false } });
      assert.ok(Array.isArray(references));
      assert.equal(session.exitCode, null, 'the server is still running');
    } finally {
      await session.dispose();
    }
  });
});
