import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { resolvePolicy } from '../../../server/src/core/engine';
import { completions } from '../../../server/src/core/language/assistance';
import { suppressionsFile } from '../../../server/src/core/suppressions/suppressions';
import { WorkspaceModel } from '../../../server/src/core/workspace';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { fixturesDir } from '../../support/paths';

describe('completion in the suppressions file', () => {
  const text = ['{', '  "suppressions": [', '    { "rule": "", "file": "", "check": "", "reason": "" }', '  ]', '}', ''].join('\n');
  const { snapshot } = readWorkspace(path.join(fixturesDir, 'workspaces', 'base-go'));
  const model = new WorkspaceModel({ ...snapshot, files: new Map([...snapshot.files, [suppressionsFile, text]]) });
  const { policy } = resolvePolicy(model);
  /** The labels offered inside the empty string value of `key`. */
  const labels = (key: string) => completions(model, policy, suppressionsFile, text.indexOf(`"${key}": ""`) + key.length + 5).map((c) => c.label);

  it('offers rule ids for rule, workspace files for file, required checks for check, nothing for reason', () => {
    assert.ok(labels('rule').includes('yaml-syntax') && labels('rule').includes('required-check-name'), JSON.stringify(labels('rule')));
    assert.ok(labels('file').includes('docs/required_status_checks.json'), JSON.stringify(labels('file')));
    assert.ok(!labels('file').includes(suppressionsFile), 'not the suppressions file itself');
    assert.deepEqual(labels('check'), ['cognitive-quality-gates', 'policy-bundle-governance', 'runtime_canary']);
    assert.deepEqual(labels('reason'), []);
  });
});
