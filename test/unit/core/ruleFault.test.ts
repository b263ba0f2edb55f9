import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkWorkspace } from '../../../server/src/core/engine';
import { rules } from '../../../server/src/core/rules/index';
import type { Rule } from '../../../server/src/core/rules/rule';
import { readWorkspace } from '../../../server/src/node/workspaceReader';
import { repoRoot } from '../../support/paths';

describe('a fault inside one rule', () => {
  it('becomes an internal-error diagnostic on that file naming the rule; the stack is logged; the other rules still run', () => {
    const faulty: Rule = {
      id: 'faulty-rule',
      description: 'throws on the replay report',
      defaultSeverity: 'error',
      files: (context) => context.reportFiles,
      check(_context, file, report) {
        if (file.endsWith('replay_determinism_report.json')) throw new TypeError('cannot read properties of undefined');
        report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'ran' });
      },
    };
    const logged: string[] = [];
    const { snapshot } = readWorkspace(path.join(repoRoot, 'examples', 'agent-skills'), { now: new Date('2026-11-20T12:00:00Z') });
    const result = checkWorkspace(snapshot, { rules: [...rules, faulty], log: (m) => logged.push(m) });
    const fault = result.findings.filter((f) => f.rule === 'internal-error');
    assert.equal(fault.length, 1);
    assert.equal(fault[0].file, 'artifacts/replay_determinism_report.json');
    assert.match(fault[0].message, /^Internal error in rule faulty-rule: cannot read properties of undefined\./);
    assert.match(logged[0], /Rule faulty-rule failed on artifacts\/replay_determinism_report\.json: TypeError: cannot read properties of undefined\n\s+at /);
    assert.ok(result.findings.filter((f) => f.rule === 'faulty-rule').length > 10, 'the faulty rule still ran on the other files');
    assert.ok(result.findings.some((f) => f.rule === 'control-acceptance' && f.file === 'artifacts/replay_determinism_report.json'), 'the other rules still ran on that file');
    assert.equal(result.verdict, 'no-go');
  });
});
