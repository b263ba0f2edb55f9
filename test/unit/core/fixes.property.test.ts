import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseJsonc, ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { checkWorkspace, resolvePolicy } from '../../../server/src/core/engine';
import { checkFixEdits } from '../../../server/src/core/fixes/checkFixes';
import { fixAll } from '../../../server/src/core/fixes/fixAll';
import { fixContext, quickFixes } from '../../../server/src/core/fixes/index';
import { applyEdits } from '../../../server/src/core/fixes/textEdit';
import { withEdits } from '../../../server/src/core/fixes/verify';
import { CheckFix, CheckFixData } from '../../../server/src/core/requiredChecks/fixData';
import type { Finding } from '../../../server/src/core/types';
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
  drift: Drift;
  target: number;
}

const drifts = ['renameCheck', 'typoJobId', 'wrongWorkflow', 'dropMapping', 'staleMapping', 'duplicate', 'notInDocument'] as const;
type Drift = (typeof drifts)[number];

const jobId = fc.stringMatching(/^[a-z][a-z0-9]{1,6}([-_][a-z0-9]{2,6}){0,2}$/);

const shape: fc.Arbitrary<Shape> = fc
  .record({
    jobs: fc.uniqueArray(fc.record({ id: jobId, named: fc.boolean(), quote: fc.constantFrom('plain' as const, 'single' as const, 'double' as const) }), { minLength: 1, maxLength: 5, selector: (j) => j.id }),
    indent: fc.constantFrom(2, 4),
    jsonIndent: fc.constantFrom('  ', '    ', '\t'),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    mappingFirst: fc.boolean(),
    comments: fc.boolean(),
    drift: fc.constantFrom(...drifts),
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
          const candidates = new Set(data.fixes.map((f) => JSON.stringify(checkFixEdits(f, model, policy))));
          for (const offered of quickFixes(finding, fixContext(snapshot))) assert.ok(candidates.has(JSON.stringify(offered.edits)), `${offered.title} is one of the rule's fixes`);
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

/** The rules whose findings are each about one required check. */
const requiredCheckRules = new Set(['required-check-mapping', 'required-check-workflow', 'required-check-name', 'required-check-trigger', 'required-check-policy-doc', 'workflow-required-job']);

/** Errors of the required-check rules that name the check (their messages quote it). */
function errorsAbout(findings: readonly Finding[], check: string): Finding[] {
  return findings.filter((f) => requiredCheckRules.has(f.rule) && f.severity === 'error' && f.message.includes(`"${check}"`));
}

/** Required-check findings that block or warn (duplicates and stale entries are warnings). */
const requiredCheckProblems = (findings: readonly Finding[]) => findings.filter((f) => requiredCheckRules.has(f.rule) && (f.severity === 'error' || f.severity === 'warning'));

/** The fix kind a drift calls for; with the drifted name enforced on GitHub, a renamed check is fixed in the workflow. */
function expectedKind(drift: Drift, enforced: boolean): CheckFix['fix'] {
  const kinds: Record<Drift, CheckFix['fix']> = { renameCheck: 'renameCheck', typoJobId: 'pointJobId', wrongWorkflow: 'pointWorkflow', dropMapping: 'addMapping', staleMapping: 'removeMapping', duplicate: 'removeCheckEntry', notInDocument: 'addToPolicyDocument' };
  return drift === 'renameCheck' && enforced ? 'setJobName' : kinds[drift];
}

describe('verified fixes (property: generated workspaces)', () => {
  it('the preferred fix of each kind leaves no error about its check and adds none; fix-all clears the required-check errors', function () {
    this.timeout(120_000);
    const tally = new Map<string, { workspaces: number; preferred: number; errors: number; cleared: number; clean: number }>();
    fc.assert(
      fc.property(shape, fc.boolean(), (s, enforced) => {
        const files = render(s);
        const snapshot = { files, now };
        const enforcedChecks = enforced ? (JSON.parse(files.get(checksFile)!).required_status_checks as string[]) : undefined;
        const context = fixContext(snapshot, { enforcedChecks });
        const kind = expectedKind(s.drift, enforced);
        const row = tally.get(kind) ?? { workspaces: 0, preferred: 0, errors: 0, cleared: 0, clean: 0 };
        tally.set(kind, row);
        row.workspaces++;
        for (const finding of context.result.findings) {
          const data = finding.data as CheckFixData | undefined;
          if (!data?.fixes?.length) continue;
          const preferred = quickFixes(finding, context).filter((f) => f.isPreferred);
          assert.ok(preferred.length <= 1, 'at most one preferred fix');
          if (preferred.length === 0) continue;
          const kinds = data.fixes.filter((f) => JSON.stringify(checkFixEdits(f, context.model, context.policy)) === JSON.stringify(preferred[0].edits)).map((f) => f.fix);
          if (kinds.includes(kind)) row.preferred++;
          const after = checkWorkspace(withEdits(snapshot, preferred[0].edits)).findings;
          const fix = data.fixes.find((f) => f.fix === kinds[0])!;
          const subject = fix.fix === 'renameCheck' ? fix.to : finding.check!;
          assert.deepEqual(errorsAbout(after, subject).map((f) => f.message), [], `${preferred[0].title} leaves no error about "${subject}"`);
          const before = new Set(context.result.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.file} ${f.message}`));
          const added = after.filter((f) => f.severity === 'error' && !before.has(`${f.rule} ${f.file} ${f.message}`) && !f.message.includes(`"${subject}"`));
          assert.deepEqual(added.map((f) => f.message), [], `${preferred[0].title} adds no error`);
        }
        assert.ok(row.preferred > 0, `a preferred ${kind} fix is offered for ${s.drift}`);
        const problems = requiredCheckProblems(context.result.findings);
        const outcome = fixAll(snapshot, { enforcedChecks });
        const left = requiredCheckProblems(checkWorkspace({ files: new Map([...files, ...outcome.changed]), now }).findings);
        row.errors += problems.length;
        row.cleared += Math.max(0, problems.length - left.length);
        if (left.length === 0) row.clean++;
      }),
      { numRuns: 400, seed: 20261125 },
    );
    const total = [...tally.values()].reduce((sum, r) => ({ errors: sum.errors + r.errors, cleared: sum.cleared + r.cleared, workspaces: sum.workspaces + r.workspaces, clean: sum.clean + r.clean }), { errors: 0, cleared: 0, workspaces: 0, clean: 0 });
    const percent = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(1)}%`;
    for (const [kind, r] of [...tally].sort()) {
      console.log(`      ${kind.padEnd(20)} ${String(r.workspaces).padStart(4)} workspaces, preferred fix of its kind on ${r.preferred}; required-check errors and warnings ${r.errors}, cleared by fix-all ${percent(r.cleared, r.errors)}; workspaces left with none ${percent(r.clean, r.workspaces)}`);
    }
    console.log(`      fix-all cleared ${total.cleared}/${total.errors} required-check errors and warnings (${percent(total.cleared, total.errors)}); ${total.clean}/${total.workspaces} workspaces left with none`);
    assert.ok(total.errors > 0);
  });
});
