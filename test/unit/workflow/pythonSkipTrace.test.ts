import * as assert from 'node:assert/strict';
import { checkWorkspace } from '../../../server/src/core/engine';
import { ParseCache } from '../../../server/src/core/workspace';

describe('embedded Python the shell rewrites', () => {
  it('is not checked, and the trace says where and why, once per workflow text', () => {
    const workflow = [
      'on: pull_request',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          echo start',
      '          python -c "print($VERSION"',
      '      - run: python -c "print(1"',
      '',
    ].join('\n');
    const files = new Map([['.github/workflows/ci.yml', workflow]]);
    const traced: string[] = [];
    // The language server keeps one parse cache per folder.
    const cache = new ParseCache();
    const result = checkWorkspace({ files, now: new Date('2026-11-20T12:00:00Z') }, { cache, trace: (message) => traced.push(message) });
    const python = result.findings.filter((f) => f.rule === 'workflow-python-syntax');
    assert.deepEqual(python.map((f) => f.range.start.line + 1), [9], 'only the literal snippet is checked');
    assert.equal(traced.length, 1, traced.join('\n'));
    assert.match(traced[0], /^\.github\/workflows\/ci\.yml:8: python in job build not checked: the -c code .*\$/);
    checkWorkspace({ files, now: new Date('2026-11-20T12:00:00Z') }, { cache, trace: (message) => traced.push(message) });
    assert.equal(traced.length, 1, 'the same text is not analysed again');
  });
});
