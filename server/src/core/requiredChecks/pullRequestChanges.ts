import { patternRegex } from '../fileGlob';
import type { Policy } from '../policy/policy';
import type { Range } from '../types';
import { FindWorkflow, localUsesPath, readWorkflows, Trigger, Workflow, WorkflowJob, workflowFinder } from '../workflow/workflowModel';
import { WorkspaceModel } from '../workspace';
import type { CheckFix } from './fixData';
import { JobReporter, jobReporters, readRequiredChecks } from './model';
import { nearMisses } from './nearMiss';

/** A required check the base branch's workflows report and the pull request's workflows no longer do, with the change that caused it. */
export interface DroppedCheck {
  check: string;
  /** Where the requirement comes from: the ruleset, or the required-checks file. */
  source: string;
  /** The base job that reports it. */
  baseReporter: JobReporter;
  /** The change, in words. */
  change: string;
  /** Where the change is in the pull request's workflows. */
  site?: { file: string; range: Range };
  /** The pull request's names cannot be computed: the check may still be reported. */
  uncertain?: boolean;
  fixes: CheckFix[];
}

const pullRequestEvents = ['pull_request', 'pull_request_target'];

type Reach = { reaches: true } | { reaches: false; why: string; range?: Range } | { reaches: 'unknown'; why: string };

/**
 * Whether a GitHub filter pattern matches a branch name: `*` within a path segment, `**` across them; undefined
 * for the other special characters (`?`, `+`, `[]`), which this check does not read.
 */
function branchMatches(pattern: string, branch: string): boolean | undefined {
  if (/[?+[\]]/.test(pattern)) return undefined;
  // Within the parts between `**`, GitHub's `*` is the product's own.
  const regex = pattern.split('**').map((part) => patternRegex(part).source.slice(1, -1)).join('.*');
  return new RegExp(`^${regex}$`).test(branch);
}

/** Whether a pull request into `branch` passes an event's branch filters (GitHub: in order, a later `!pattern` excludes). */
function branchPasses(trigger: Trigger, branch: string): boolean | undefined {
  if (trigger.branches) {
    let included = false;
    for (const pattern of trigger.branches) {
      const negated = pattern.startsWith('!');
      const matches = branchMatches(negated ? pattern.slice(1) : pattern, branch);
      if (matches === undefined) return undefined;
      if (matches) included = !negated;
    }
    return included;
  }
  if (trigger.branchesIgnore) {
    const matches = trigger.branchesIgnore.map((p) => branchMatches(p, branch));
    if (matches.includes(true)) return false;
    return matches.includes(undefined) ? undefined : true;
  }
  return true;
}

/** Whether a workflow runs on every pull request into `branch`, and if not, what stops it and where. */
function reachInto(workflow: Workflow, branch: string): Reach {
  if (!workflow.triggers) return { reaches: false, why: `${workflow.fileName} has no \`on:\` GitHub can read`, range: workflow.onKeyRange };
  const events = workflow.triggers.filter((t) => pullRequestEvents.includes(t.event));
  if (events.length === 0) return { reaches: false, why: `${workflow.fileName} does not run on pull_request or pull_request_target`, range: workflow.onKeyRange };
  let stop: Reach | undefined;
  for (const event of events) {
    const paths = event.filters.find((f) => f === 'paths' || f === 'paths-ignore');
    const passes = branchPasses(event, branch);
    if (!paths && passes === true) return { reaches: true };
    const filter = paths ?? (event.branches ? 'branches' : 'branches-ignore');
    const range = event.filterRanges?.[filter] ?? event.range;
    if (passes === undefined && !paths) stop ??= { reaches: 'unknown', why: `${workflow.fileName}'s ${event.event} ${filter} filter uses patterns this check does not read` };
    else stop ??= paths ? { reaches: false, why: `${workflow.fileName} runs on ${event.event} only with a ${paths} filter, which skips some pull requests`, range } : { reaches: false, why: `${workflow.fileName}'s ${event.event} ${filter} filter leaves out pull requests into ${branch}`, range };
  }
  return stop!;
}

function quoted(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => `"${n}"`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}

const bases = new WeakMap<WorkspaceModel, WorkspaceModel>();

/** The base commit's files as a workspace of their own, so its workflows parse and name their jobs as the head's do. */
function baseModel(model: WorkspaceModel): WorkspaceModel | undefined {
  const base = model.snapshot.pullRequestBase;
  if (!base) return undefined;
  let built = bases.get(model);
  if (!built) bases.set(model, (built = new WorkspaceModel({ files: base.files, now: model.now, calledWorkflows: base.calledWorkflows })));
  return built;
}

/** The checks GitHub enforces on the base branch: its live rules when read, else the required-checks file (the base's, else the head's). */
function enforcedChecks(model: WorkspaceModel, base: WorkspaceModel, policy: Policy): { check: string; source: string }[] {
  const rules = model.snapshot.live?.rules;
  if (rules) return rules.requiredChecks.map((c) => ({ check: c.context, source: `${c.source} on GitHub` }));
  const listed = readRequiredChecks(base, policy) ?? readRequiredChecks(model, policy);
  return (listed?.checks ?? []).map((c) => ({ check: c.name, source: listed!.file }));
}

const results = new WeakMap<WorkspaceModel, DroppedCheck[]>();

/** Every enforced check the base's workflows report on pull requests into the base branch and the head's no longer do; empty without a pull request base. */
export function droppedChecks(model: WorkspaceModel, policy: Policy): DroppedCheck[] {
  const known = results.get(model);
  if (known) return known;
  const base = baseModel(model);
  const dropped: DroppedCheck[] = [];
  if (base) {
    const branch = model.snapshot.pullRequestBase!.ref;
    const baseReporters = jobReporters(readWorkflows(base));
    const headWorkflows = readWorkflows(model);
    const headReporters = jobReporters(headWorkflows);
    const seen = new Set<string>();
    for (const { check, source } of enforcedChecks(model, base, policy)) {
      if (seen.has(check)) continue;
      seen.add(check);
      const reporter = baseReporters.find((r) => r.reported.names.includes(check) && reachInto(r.workflow, branch).reaches === true);
      if (!reporter) continue;
      const reporting = headReporters.filter((r) => r.reported.names.includes(check));
      if (reporting.some((r) => reachInto(r.workflow, branch).reaches === true)) continue;
      const change = reporting.length > 0 ? triggerChange(reporting[0], reporter, branch) : nameChange(check, reporter, headWorkflows, headReporters);
      if (change) dropped.push({ check, source, baseReporter: reporter, fixes: [], ...change });
    }
  }
  results.set(model, dropped);
  return dropped;
}

type Change = Pick<DroppedCheck, 'change' | 'site' | 'uncertain'> & { fixes?: CheckFix[] };

/** The head's job still reports the name, but its workflow no longer runs on every pull request into the branch. */
function triggerChange(head: JobReporter, base: JobReporter, branch: string): Change | undefined {
  const reach = reachInto(head.workflow, branch);
  if (reach.reaches === true) return undefined;
  const moved = head.workflow.file !== base.workflow.file ? `job ${head.job.id} moved from ${base.workflow.fileName} to ${head.workflow.fileName}, and ` : '';
  const site = { file: head.workflow.file, range: ('range' in reach && reach.range) || head.job.idRange! };
  if (reach.reaches === 'unknown') return { change: `${moved}${reach.why}`, site, uncertain: true };
  const had = base.workflow.triggers?.filter((t) => pullRequestEvents.includes(t.event)) ?? [];
  const now = head.workflow.triggers?.filter((t) => pullRequestEvents.includes(t.event)) ?? [];
  const cause = now.length === 0 ? `the ${had.map((t) => t.event).join(' and ')} trigger was removed: ${reach.why}` : `a filter was added to the trigger: ${reach.why}`;
  return { change: `${moved}${cause}`, site };
}

/** No head job reports the name: what became of the base's job (renamed, its matrix changed, its workflow moved or deleted). */
function nameChange(check: string, base: JobReporter, headWorkflows: Workflow[], headReporters: JobReporter[]): Change {
  const sameFile = headWorkflows.find((w) => w.file === base.workflow.file);
  const sameJob = sameFile?.jobs.find((j) => j.id === base.job.id);
  const reportedBy = (job: WorkflowJob) => headReporters.find((r) => r.job === job)!;
  const findHeadWorkflow = workflowFinder(headWorkflows);
  if (sameFile && sameJob) return changedJob(check, base, reportedBy(sameJob), findHeadWorkflow);
  if (sameFile) {
    const baseIds = new Set(base.workflow.jobs.map((j) => j.id));
    const added = headReporters.filter((r) => r.workflow === sameFile && !baseIds.has(r.job.id));
    const renamed = base.job.name === undefined ? (added.length === 1 ? added[0] : added.find((r) => r.job.id === nearMisses(base.job.id, added.map((a) => a.job.id))[0])) : undefined;
    if (renamed) {
      const now = renamed.reported.names.length > 0 ? `, which reports ${quoted(renamed.reported.names)}` : '';
      return { change: `job ${base.job.id} of ${sameFile.fileName} was renamed to ${renamed.job.id} (a job without \`name:\` reports its id)${now}`, site: { file: sameFile.file, range: renamed.job.idRange! }, fixes: nameFix(check, base, renamed) };
    }
    return { change: `job ${base.job.id} was removed from ${sameFile.fileName}`, site: { file: sameFile.file, range: sameFile.jobsKeyRange ?? sameFile.onKeyRange! } };
  }
  const elsewhere = headReporters.find((r) => r.job.id === base.job.id);
  if (elsewhere) {
    const changed = changedJob(check, base, elsewhere, findHeadWorkflow);
    return { ...changed, change: `${base.workflow.fileName} was moved or deleted; job ${base.job.id} is in ${elsewhere.workflow.fileName} now, and ${changed.change}` };
  }
  const first = headWorkflows.find((w) => w.jobsKeyRange);
  return { change: `${base.workflow.fileName} was moved or deleted, and no workflow of the pull request has job ${base.job.id}`, ...(first ? { site: { file: first.file, range: first.jobsKeyRange! } } : {}) };
}

/** The same job id in the head: its `name:`, matrix or called workflow changed. */
function changedJob(check: string, base: JobReporter, head: JobReporter, findHeadWorkflow: FindWorkflow): Change {
  const { job } = head;
  const file = head.workflow.file;
  if (job.uses !== undefined && job.uses === base.job.uses && localUsesPath(job.uses) !== undefined && !findHeadWorkflow(job.uses)) {
    return { change: `job ${job.id} calls ${job.uses}, which the pull request moved or deleted`, site: { file, range: job.usesRange ?? job.idRange! } };
  }
  if (head.reported.unresolved && head.reported.names.length === 0) return { change: `the names of job ${job.id} can no longer be computed (${head.reported.unresolved})`, site: { file, range: job.idRange! }, uncertain: true };
  const now = head.reported.names.length > 0 ? `; it reports ${quoted(head.reported.names)}` : '';
  if (base.job.uses !== job.uses && base.job.uses !== undefined && job.uses !== undefined) {
    return { change: `job ${job.id} calls ${job.uses} instead of ${base.job.uses}${now}`, site: { file, range: job.usesRange ?? job.idRange! } };
  }
  if (base.job.name !== job.name) {
    const what = job.name === undefined ? `its \`name: ${base.job.name}\` was removed` : base.job.name === undefined ? `it was given \`name: ${job.name}\`` : `its name changed from "${base.job.name}" to "${job.name}"`;
    return { change: `job ${job.id} was renamed: ${what}${now}`, site: { file, range: job.nameRange ?? job.idRange! }, fixes: nameFix(check, base, head) };
  }
  const baseMatrix = JSON.stringify(base.job.matrix);
  if (baseMatrix !== JSON.stringify(job.matrix)) {
    if (job.matrix === undefined) return { change: `the matrix of job ${job.id} was removed${now}`, site: { file, range: job.idRange! } };
    const baseAxes = isAxes(base.job.matrix) ? Object.keys(base.job.matrix) : [];
    const addedAxis = isAxes(job.matrix) ? Object.keys(job.matrix).find((axis) => !baseAxes.includes(axis)) : undefined;
    const changedAxis = isAxes(job.matrix) && isAxes(base.job.matrix) ? Object.keys(job.matrix).find((axis) => JSON.stringify((job.matrix as Record<string, unknown>)[axis]) !== JSON.stringify((base.job.matrix as Record<string, unknown>)[axis])) : undefined;
    const axis = addedAxis ?? changedAxis;
    const what = base.job.matrix === undefined ? 'a matrix was added to job' : addedAxis ? `matrix axis ${addedAxis} was added to job` : changedAxis ? `matrix ${changedAxis === 'include' || changedAxis === 'exclude' ? `${changedAxis} list` : `axis ${changedAxis}`} of job` : 'the matrix of job';
    return { change: `${what} ${job.id}${axis === undefined && base.job.matrix !== undefined ? ' changed' : ''}, so the names it reports gained or lost a suffix${now}`, site: { file, range: (axis && job.matrixAxisRanges?.[axis]) || job.matrixKeyRange || job.idRange! } };
  }
  if (job.uses !== undefined && base.job.uses === job.uses) {
    return { change: `the workflow job ${job.id} calls (${job.uses}) changed or moved${now || ' and no longer reports it'}`, site: { file, range: job.usesRange ?? job.idRange! } };
  }
  return { change: `job ${job.id} changed${now}`, site: { file, range: job.idRange! } };
}

function isAxes(matrix: unknown): matrix is Record<string, unknown> {
  return matrix !== null && typeof matrix === 'object' && !Array.isArray(matrix);
}

/** Restore the name when the job reports one name and would report the check by its `name:` alone. */
function nameFix(check: string, base: JobReporter, head: JobReporter): CheckFix[] {
  return base.job.matrix === undefined && head.job.matrix === undefined && head.job.uses === undefined && base.job.uses === undefined ? [{ fix: 'setJobName', check, workflowFile: head.workflow.file, jobId: head.job.id }] : [];
}
