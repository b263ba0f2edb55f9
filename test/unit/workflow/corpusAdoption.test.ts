import * as assert from 'node:assert/strict';
import { checkWorkspace } from '../../../server/src/core/engine';
import { playbookRuleIds } from '../../../server/src/core/rules/index';
import { corpusRepositories, corpusSnapshot } from '../../support/corpus';

describe('corpus: repositories that have not adopted the playbook', () => {
  it('get no playbook finding, no control and no verdict, only the required-check and workflow rules', () => {
    const playbookRules = new Set(playbookRuleIds);
    const noisy: string[] = [];
    const repositories = corpusRepositories();
    for (const repository of repositories) {
      const result = checkWorkspace(corpusSnapshot(repository));
      assert.equal(result.mode.playbook, 'not-adopted', `${repository.repository}: ${result.mode.reason}`);
      assert.equal(result.verdict, 'not-applicable', repository.repository);
      assert.deepEqual(result.controls, [], repository.repository);
      for (const finding of result.findings) if (playbookRules.has(finding.rule)) noisy.push(`${repository.repository} ${finding.file}:${finding.range.start.line + 1} ${finding.rule}`);
    }
    assert.ok(repositories.length >= 40, `${repositories.length} repositories`);
    assert.deepEqual(noisy, []);
  });
});
