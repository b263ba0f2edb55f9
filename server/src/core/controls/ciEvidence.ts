import type { JsonPath } from '../parse/jsonDocument';
import type { Policy } from '../policy/policy';
import { assessReport, duplicateKeyReason } from '../reports/assessment';
import { validateAgainstSchema } from '../schemas/registry';
import type { WorkspaceModel } from '../workspace';

/** The outcome of one CI job for the commit, from whichever evidence file has it. */
export interface CiOutcome {
  file: string;
  path: JsonPath;
  /** Fields the policy's criteria read: conclusion, status, head_sha, name. */
  fields: Record<string, unknown>;
  headSha?: string;
}

/** Why there is no outcome: the evidence is absent (unverified), does not list the job (missing), or is unreadable (invalid). */
export type CiLookup = { found: CiOutcome } | { notFound: string; file?: string; state: 'missing' | 'unverified' | 'invalid' };

interface CheckRun {
  id?: number;
  name?: unknown;
  head_sha?: unknown;
  status?: unknown;
  conclusion?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
}

function fetchHint(policy: Policy): string {
  const file = policy.ciEvidence?.checkRuns ?? 'artifacts/check_runs.json';
  return `save the commit's check runs: gh api repos/OWNER/REPO/commits/$(git rev-parse HEAD)/check-runs > ${file}`;
}

/** The check run (else the `needs` entry) of a job; the latest run when it was re-run. */
export function lookUpCiOutcome(model: WorkspaceModel, policy: Policy, check: string): CiLookup {
  const checkRunsFile = policy.ciEvidence?.checkRuns;
  const needsFile = policy.ciEvidence?.needsContext;
  const checkRuns = checkRunsFile ? assessReport(model, checkRunsFile) : undefined;
  if (checkRuns && checkRunsFile) {
    if (!checkRuns.doc.isValid || validateAgainstSchema('check_runs', checkRuns.doc.value).length > 0) {
      return { notFound: `${duplicateKeyReason(checkRunsFile, checkRuns.doc) ?? `${checkRunsFile} is not a valid check-runs response`}; ${fetchHint(policy)}`, file: checkRunsFile, state: 'invalid' };
    }
    const runs = (checkRuns.doc.valueAt(['check_runs']) as CheckRun[]).map((run, index) => ({ run, index }));
    const named = runs.filter(({ run }) => run.name === check);
    if (named.length > 0) {
      const latest = named.reduce((a, b) => (isLater(b.run, a.run) ? b : a));
      return {
        found: {
          file: checkRunsFile,
          path: ['check_runs', latest.index],
          fields: { name: latest.run.name, status: latest.run.status, conclusion: latest.run.conclusion, head_sha: latest.run.head_sha },
          headSha: typeof latest.run.head_sha === 'string' ? latest.run.head_sha : undefined,
        },
      };
    }
    return { notFound: `No check run named "${check}" in ${checkRunsFile}; the job did not run for this commit, or it reports under another name`, file: checkRunsFile, state: 'missing' };
  }
  const needs = needsFile ? model.json(needsFile) : undefined;
  if (needs && needsFile) {
    if (!needs.isValid || validateAgainstSchema('needs_context', needs.value).length > 0) {
      return { notFound: `${duplicateKeyReason(needsFile, needs) ?? `${needsFile} is not a valid needs object`}; ${fetchHint(policy)}`, file: needsFile, state: 'invalid' };
    }
    const result = needs.valueAt([check, 'result']);
    if (typeof result === 'string') {
      // needs results use the same words as check-run conclusions (success, failure, cancelled, skipped).
      return { found: { file: needsFile, path: [check, 'result'], fields: { name: check, status: 'completed', conclusion: result } } };
    }
    // needs lists only the gate job's dependencies: a job absent there may well have run elsewhere.
    return { notFound: `"${check}" is not among the jobs in ${needsFile} (it lists only the gate job's needs); ${fetchHint(policy)}`, file: needsFile, state: 'unverified' };
  }
  const unread = [checkRunsFile, needsFile].find((file) => file && model.skippedReason(file) !== undefined);
  if (unread) return { notFound: `${unread} was not read: ${model.skippedReason(unread)}`, file: unread, state: 'invalid' };
  return { notFound: `No CI evidence for the commit; ${fetchHint(policy)}`, state: 'unverified' };
}

/** Re-runs keep the name: the latest start wins, then the higher id. */
function isLater(a: CheckRun, b: CheckRun): boolean {
  const time = (run: CheckRun) => Date.parse(String(run.started_at ?? '')) || 0;
  if (time(a) !== time(b)) return time(a) > time(b);
  return (typeof a.id === 'number' ? a.id : 0) >= (typeof b.id === 'number' ? b.id : 0);
}
