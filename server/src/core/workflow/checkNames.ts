import { Combination, expandMatrix, isObject } from './matrix';
import { localUsesPath, Workflow, WorkflowJob } from './workflowModel';

/** The check-run names GitHub will report for a job, as far as they can be known without running it. */
export interface ReportedCheckNames {
  names: string[];
  /** Why the names (or some of them) cannot be computed statically; never guessed. */
  unresolved?: string;
}

type FindWorkflow = (usesPath: string) => Workflow | undefined;

const matrixReference = /^matrix((?:\.[A-Za-z0-9_-]+)+)$/;
const inputReference = /^inputs\.([A-Za-z0-9_-]+)$/;

/** GitHub.com runs reusable workflows nested up to ten levels deep (the caller and nine called). */
const maxCallDepth = 10;

/**
 * More names than any branch protection lists: a fan-out of reusable workflows beyond it is not listed
 * name by name (its cost would grow with the product of every level's jobs).
 */
const maxNames = 4096;

/** The `${{ … }}` expressions of a text, found in one pass (an unclosed `${{` ends the search). */
export function expressionsIn(text: string): { start: number; end: number; inner: string }[] {
  const found: { start: number; end: number; inner: string }[] = [];
  for (let start = text.indexOf('${{'); start >= 0; start = text.indexOf('${{', start)) {
    const close = text.indexOf('}}', start + 3);
    if (close < 0) break;
    found.push({ start, end: close + 2, inner: text.slice(start + 3, close).trim() });
    start = close + 2;
  }
  return found;
}

/**
 * A job reports `name:` else its id; a matrix job one check per combination, `name (v1, v2)`, unless the
 * name itself uses expressions; a job calling a reusable workflow `caller / callee` per callee job.
 */
export function reportedCheckNames(job: WorkflowJob, findWorkflow: FindWorkflow): ReportedCheckNames {
  if (!job.uses) {
    let names = namesByJob.get(job);
    if (!names) namesByJob.set(job, (names = new NameComputation(findWorkflow).names(job, 0, undefined)));
    return names;
  }
  // One finder stands for one set of workflows: the called jobs' names are shared by all its callers.
  let computation = computations.get(findWorkflow);
  if (!computation) computations.set(findWorkflow, (computation = new NameComputation(findWorkflow)));
  return computation.names(job, 0, undefined);
}

/** A job parsed once reports the same names until its workflow's text changes. */
const namesByJob = new WeakMap<WorkflowJob, ReportedCheckNames>();
const computations = new WeakMap<FindWorkflow, NameComputation>();

/** Names of jobs over one set of workflows: a called workflow's jobs are named once per depth and inputs, however many callers fan out to it. */
class NameComputation {
  private readonly memo = new Map<WorkflowJob, Map<string, ReportedCheckNames>>();
  private readonly calling: Workflow[] = [];

  constructor(private readonly findWorkflow: FindWorkflow) {}

  /** `inputs`: what the caller passes, for a job of a called workflow; undefined for a job of a top-level workflow. */
  names(job: WorkflowJob, depth: number, inputs: Record<string, unknown> | undefined): ReportedCheckNames {
    const key = `${depth}\u0000${JSON.stringify(inputs ?? null)}`;
    let byKey = this.memo.get(job);
    if (!byKey) this.memo.set(job, (byKey = new Map()));
    let names = byKey.get(key);
    if (!names) byKey.set(key, (names = this.compute(job, depth, inputs)));
    return names;
  }

  private compute(job: WorkflowJob, depth: number, inputs: Record<string, unknown> | undefined): ReportedCheckNames {
    const base = job.name ?? job.id;
    const expressions = expressionsIn(base);
    let own: ReportedCheckNames;
    if (job.matrix === undefined) {
      own = expressions.length === 0 ? { names: [base] } : substituted(base, [{}], inputs);
    } else {
      const expansion = expandMatrix(job.matrix);
      if (expansion.kind === 'unknown') own = { names: [], unresolved: expansion.reason };
      else if (expansion.kind === 'over-limit') own = { names: [], unresolved: `its matrix has ${expansion.exact ? '' : 'more than '}${expansion.exact ? expansion.count : 256} combinations; GitHub refuses more than 256, so the job never runs` };
      else if (expansion.combinations.length === 0) own = { names: [], unresolved: 'its matrix has no combinations, so the job never runs' };
      else own = expressions.length === 0 ? suffixed(base, expansion.combinations) : substituted(base, expansion.combinations, inputs);
    }
    if (!job.uses) return own;
    return this.callerNames(job, own, depth);
  }

  private callerNames(job: WorkflowJob, caller: ReportedCheckNames, depth: number): ReportedCheckNames {
    const uses = job.uses!;
    if (localUsesPath(uses) === undefined) return { names: [], unresolved: `it calls ${uses}, a workflow outside this repository, whose jobs are not known here` };
    const callee = this.findWorkflow(uses);
    if (!callee) return { names: [], unresolved: `it calls ${uses}, which is not in the workspace` };
    if (this.calling.includes(callee)) return { names: [], unresolved: `it calls ${callee.fileName}, which calls back into itself; GitHub refuses a cycle of reusable workflows` };
    // The job at depth d is in the workflow of level d + 1, so its callee is at level d + 2.
    if (depth + 2 > maxCallDepth) return { names: [], unresolved: `reusable workflows nest deeper than ${maxCallDepth} levels` };
    const inputs = { ...callee.inputDefaults, ...(job.with ?? {}) };
    const names: string[] = [];
    const reasons = caller.unresolved ? [caller.unresolved] : [];
    this.calling.push(callee);
    try {
      for (const calleeJob of callee.jobs) {
        const inner = this.names(calleeJob, depth + 1, inputs);
        if (caller.names.length * inner.names.length + names.length > maxNames) return { names: [], unresolved: `it fans out to more than ${maxNames} checks through reusable workflows` };
        for (const outer of caller.names) for (const name of inner.names) names.push(`${outer} / ${name}`);
        if (inner.unresolved) reasons.push(`${callee.fileName} job ${calleeJob.id}: ${inner.unresolved}`);
      }
    } finally {
      this.calling.pop();
    }
    // The first reason and how many more: joining them all would grow with the product of every level's jobs.
    if (reasons.length === 0) return { names };
    return { names, unresolved: reasons.length === 1 ? reasons[0] : `${reasons[0]}; and ${reasons.length - 1} more` };
  }
}

/**
 * The scalars of a matrix value as the default name shows them: objects and lists by their values, in
 * order, keys left out; empty strings and nulls shown not at all (as GitHub's job names show them).
 */
function displayedValues(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v) => displayedValues(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => displayedValues(v, out));
  else if (value !== null && value !== undefined && value !== '') out.push(String(value));
  return out;
}

/** A value inside `${{ }}` in a string, as GitHub's expressions convert it: objects and arrays are `Object` and `Array`. */
function interpolated(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return 'Object';
  return String(value);
}

function suffixed(base: string, combinations: Combination[]): ReportedCheckNames {
  const names = combinations.map((combination) => {
    const values = Object.values(combination).flatMap((v) => displayedValues(v, []));
    return values.length > 0 ? `${base} (${values.join(', ')})` : base;
  });
  return { names: [...new Set(names)] };
}

/** `${{ matrix.path }}` and `${{ inputs.id }}` substituted; any other expression is only known when the workflow runs. */
function substituted(base: string, combinations: Combination[], inputs: Record<string, unknown> | undefined): ReportedCheckNames {
  const expressions = expressionsIn(base);
  const names: string[] = [];
  for (const combination of combinations) {
    let name = '';
    let from = 0;
    for (const { start, end, inner } of expressions) {
      const value = evaluate(inner, combination, inputs);
      if (typeof value !== 'string') return { names: [], unresolved: value.unresolved.replace('$NAME', base) };
      name += base.slice(from, start) + value;
      from = end;
    }
    names.push(name + base.slice(from));
  }
  return { names: [...new Set(names)] };
}

function evaluate(inner: string, combination: Combination, inputs: Record<string, unknown> | undefined): string | { unresolved: string } {
  const matrixPath = matrixReference.exec(inner);
  if (matrixPath) {
    let value: unknown = combination;
    for (const key of matrixPath[1].slice(1).split('.')) value = isObject(value) ? value[key] : undefined;
    return value === undefined ? { unresolved: `its name "$NAME" refers to a matrix value that is missing` } : interpolated(value);
  }
  const input = inputReference.exec(inner);
  if (input && inputs) {
    const value = inputs[input[1]];
    if (typeof value === 'string' && value.includes('${{')) return { unresolved: `its name "$NAME" uses input ${input[1]}, which a caller passes as an expression` };
    return value === undefined ? { unresolved: `its name "$NAME" uses input ${input[1]}, which a caller does not pass and has no default` } : interpolated(value);
  }
  return { unresolved: `its name "$NAME" uses expressions that are only known when the workflow runs` };
}
