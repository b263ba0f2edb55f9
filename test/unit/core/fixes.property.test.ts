import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseJsonc, ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { checkWorkspace, resolvePolicy } from '../../../server/src/core/engine';
import { checkFixEdits } from '../../../server/src/core/fixes/checkFixes';
import { quickFixes } from '../../../server/src/core/fixes/index';
import { applyEdits } from '../../../server/src/core/fixes/textEdit';
import type { CheckFix, CheckFixData } from '../../../server/src/core/requiredChecks/fixData';
import { WorkspaceModel } from '../../../server/src/core/workspace';

const now = new Date('2026-11-20T12:00:00Z');
const workflowFile = '.github/workflows/ci.yml';
const checksFile = 'docs/required_status_checks.json';
const policyDocument = 'docs/BRANCH_PROTECTION_POLICY.md';

interface Job {
  id: string;
  name?: string;
  quote: 'plain' | 'single' | 'double';
}

interface Shape {
  jobs: Job[];
  indent: number;
  jsonIndent: string;
  eol: '\n' | '\r\n';
  mappingFirst: boolean;
  comments: boolean;
  /** Which drift to introduce, and where. */
  drift: 'renameCheck' | 'typoJobId' | 'wrongWorkflow' | 'dropMapping' | 'staleMapping' | 'duplicate' | 'notInDocument';
  target: number;
}

const jobId = fc.stringMatching(/^[a-z][a-z0-9]{1,6}([-_][a-z0-9]{2,6}){0,2}$/);

const shape: fc.Arbitrary<Shape> = fc
  .record({
    jobs: fc.uniqueArray(fc.record({ id: jobId, named: fc.boolean(), quote: fc.constantFrom('plain' as const, 'single' as const, 'double' as const) }), { minLength: 1, maxLength: 5, selector: (j) => j.id }),
    indent: fc.constantFrom(2, 4),
    jsonIndent: fc.constantFrom('  ', '    ', '\t'),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    mappingFirst: fc.boolean(),
    comments: fc.boolean(),
    drift: fc.constantFrom('renameCheck' as const, 'typoJobId' as const, 'wrongWorkflow' as const, 'dropMapping' as const, 'staleMapping' as const, 'duplicate' as const, 'notInDocument' as const),
    target: fc.nat(),
  })
  .map(({ jobs, ...rest }) => ({ ...rest, jobs: jobs.map((j) => ({ id: j.id, quote: j.quote, name: j.named ? `Job ${j.id}` : undefined })) }));

function scalar(value: string, quote: Job['quote']): string {
  return quote === 'single' ? `'${value}'` : quote === 'double' ? JSON.stringify(value) : value;
}

function reportedName(job: Job): string {
  return job.name ?? job.id;
}

function render(s: Shape): Map<string, string> {
  const pad = ' '.repeat(s.indent);
  const lines = ['name: CI', 'on:', `${pad}pull_request:`, 'jobs:'];
  for (const job of s.jobs) {
    lines.push(`${pad}${job.id}:${s.comments ? '   # job' : ''}`);
    if (job.name) lines.push(`${pad}${pad}name: ${scalar(job.name, job.quote)}`);
    lines.push(`${pad}${pad}runs-on: ubuntu-latest`, `${pad}${pad}steps:`, `${pad}${pad}${pad}- run: echo ${job.id}${s.comments ? ' # step' : ''}`);
  }
  const target = s.jobs[s.target % s.jobs.length];
  const names = s.jobs.map(reportedName);
  const checks = [...names];
  const mapping: Record<string, { workflow: string; job_id: string }> = {};
  for (const job of s.jobs) mapping[reportedName(job)] = { workflow: 'ci.yml', job_id: job.id };
  const t = reportedName(target);
  switch (s.drift) {
    case 'renameCheck': {
      const drifted = t.includes('-') ? t.replace(/-/g, '_') : `${t}-check`;
      checks[checks.indexOf(t)] = drifted;
      mapping[drifted] = mapping[t];
      delete mapping[t];
      break;
    }
    case 'typoJobId':
      mapping[t].job_id = `${target.id}x`;
      break;
    case 'wrongWorkflow':
      mapping[t].workflow = 'build.yml';
      break;
    case 'dropMapping':
      delete mapping[t];
      break;
    case 'staleMapping':
      mapping['retired-gate'] = { workflow: 'ci.yml', job_id: target.id };
      break;
    case 'duplicate':
      checks.push(t);
      break;
    case 'notInDocument':
      break;
  }
  const body = s.mappingFirst ? { check_job_mapping: mapping, required_status_checks: checks } : { required_status_checks: checks, check_job_mapping: mapping };
  const documented = s.drift === 'notInDocument' ? checks.filter((c) => c !== t) : checks;
  const doc = ['# Branch protection', '', 'Require pull request before merging.', 'Require status checks to pass before merging.', '', '## Required Status Checks', '', ...documented.map((c) => `- \`${c}\``), '', '## Reviews', '', 'One approval.', ''];
  const eol = (text: string) => text.replace(/\n/g, s.eol);
  return new Map([
    [workflowFile, eol(lines.join('\n') + '\n')],
    [checksFile, eol(JSON.stringify(body, null, s.jsonIndent) + '\n')],
    [policyDocument, eol(doc.join('\n'))],
  ]);
}

function parsesClean(file: string, text: string): void {
  if (file.endsWith('.json')) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
    assert.deepEqual(errors, [], `${file} still parses`);
  } else if (file.endsWith('.yml')) {
    assert.deepEqual(parseDocument(text).errors.map((e) => e.message), [], `${file} still parses`);
  }
}

/** Lines the fix did not mean to touch are still there, in order, byte for byte (comments, indentation, line ends). */
function keepsUntouchedLines(before: string, after: string, touched: (line: string) => boolean): void {
  const kept = before.split(/(?<=\n)/).filter((line) => !touched(line));
  let at = 0;
  for (const line of kept) {
    const found = after.indexOf(line, at);
    assert.ok(found >= 0, `line kept: ${JSON.stringify(line)}`);
    at = found + line.length;
  }
}

function touchedBy(fix: CheckFix, requiredChecks: string[]): (line: string) => boolean {
  switch (fix.fix) {
    case 'renameCheck':
      return (line) => line.includes(JSON.stringify(fix.check)) || line.includes(`\`${fix.check}\``);
    case 'pointJobId':
    case 'pointWorkflow':
    case 'addMapping':
      return (line) => /"(job_id|workflow)"|[{}]/.test(line) || line.includes(JSON.stringify(fix.check));
    case 'removeMapping':
      return (line) => /"(job_id|workflow)"|[{}[\]]/.test(line) || line.includes(',') || line.includes(JSON.stringify(fix.check));
    case 'removeCheckEntry':
      // Removing the last entry also takes the comma of the one before it.
      return (line) => /[[\]]/.test(line) || line.trimEnd().endsWith(',') || line.includes(JSON.stringify(requiredChecks[fix.index]));
    case 'setJobName':
      return (line) => /^\s*name:/.test(line);
    case 'addToPolicyDocument':
      return (line) => line.startsWith('- ');
    case 'addRequiredCheck':
      return (line) => /[[\]]/.test(line) || line.trimEnd().endsWith(',') || line.includes(JSON.stringify(fix.check));
    case 'removeRequiredCheck':
      return (line) => /"(job_id|workflow)"|[{}[\]]/.test(line) || line.includes(',') || line.includes(JSON.stringify(fix.check));
  }
}

describe('quick fixes (property: generated workspaces)', () => {
  it('every offered fix keeps the other bytes, leaves parseable files and removes its diagnostic', () => {
    let applied = 0;
    fc.assert(
      fc.property(shape, (s) => {
        const files = render(s);
        const snapshot = { files, now };
        const result = checkWorkspace(snapshot);
        const model = new WorkspaceModel(snapshot);
        const policy = resolvePolicy(model).policy;
        for (const finding of result.findings) {
          const data = finding.data as CheckFixData | undefined;
          if (!data?.fixes) continue;
          assert.equal(quickFixes(finding, model, policy).length, data.fixes.length, `every fix of ${finding.rule} is offered`);
          data.fixes.forEach((checkFix) => {
            const edits = checkFixEdits(checkFix, model, policy);
            const changed = new Map(files);
            for (const file of new Set(edits.map((e) => e.file))) {
              const before = files.get(file)!;
              const after = applyEdits(before, edits.filter((e) => e.file === file));
              parsesClean(file, after);
              keepsUntouchedLines(before, after, touchedBy(checkFix, JSON.parse(files.get(checksFile)!).required_status_checks));
              if (s.eol === '\r\n') assert.ok(!/[^\r]\n/.test(after), `${file}: CRLF kept`);
              changed.set(file, after);
            }
            const again = checkWorkspace({ files: changed, now });
            assert.ok(!again.findings.some((f) => f.rule === finding.rule && f.message === finding.message), `${checkFix.fix} removes: ${finding.message}`);
            applied++;
          });
        }
      }),
      { numRuns: 300, seed: 20261124 },
    );
    assert.ok(applied > 300, `fixes applied: ${applied}`);
  });
});
