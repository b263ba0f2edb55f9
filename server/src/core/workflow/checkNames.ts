import { data } from '@actions/expressions';
import { contextsOf, evaluate, inputsRead, jobNameContexts, parseTemplate, Segment } from './expressions';
import { Combination, expandMatrix, isObject } from './matrix';
import { FindWorkflow, localUsesPath, Workflow, WorkflowJob } from './workflowModel';

/** The check-run names GitHub will report for a job, as far as they can be known without running it. */
export interface ReportedCheckNames {
  names: string[];
  /** Why the names (or some of them) cannot be computed statically; never guessed. */
  unresolved?: string;
}

/** GitHub.com runs reusable workflows nested up to ten levels deep (the caller and nine called). */
const maxCallDepth = 10;

/**
 * More names than any branch protection lists: a fan-out of reusable workflows beyond it is not listed
 * name by name (its cost would grow with the product of every level's jobs).
 */
const maxNames = 4096;

/**
 * A job reports `name:` else its id; a matrix job one check per combination, `name (v1, v2)`, unless the
 * name itself uses expressions; a job calling a reusable workflow `caller / callee` per callee job.
 */
export function reportedCheckNames(job: WorkflowJob, findWorkflow: FindWorkflow): ReportedCheckNames {
  if (!job.uses) {
    let names = namesByJob.get(job);
    if (!names) namesByJob.set(job, (names = new NameComputation(findWorkflow).names(job, 0, undefined, undefined)));
    return names;
  }
  // One finder stands for one set of workflows: the called jobs' names are shared by all its callers.
  let computation = computations.get(findWorkflow);
  if (!computation) computations.set(findWorkflow, (computation = new NameComputation(findWorkflow)));
  return computation.names(job, 0, undefined, undefined);
}

/** A job parsed once reports the same names until its workflow's text changes. */
const namesByJob = new WeakMap<WorkflowJob, ReportedCheckNames>();
const computations = new WeakMap<FindWorkflow, NameComputation>();

/** Names of jobs over one set of workflows: a called workflow's jobs are named once per depth and inputs, however many callers fan out to it. */
class NameComputation {
  private readonly memo = new Map<WorkflowJob, Map<string, ReportedCheckNames>>();
  private readonly calling: Workflow[] = [];

  constructor(private readonly findWorkflow: FindWorkflow) {}

  /**
   * `inputs`: what the caller passes, for a job of a called workflow; undefined for a job of a top-level workflow.
   * `within`: the called workflow the job is in, for its own calls.
   */
  names(job: WorkflowJob, depth: number, inputs: Record<string, unknown> | undefined, within: Workflow | undefined): ReportedCheckNames {
    const key = `${depth}\u0000${JSON.stringify(inputs ?? null)}`;
    let byKey = this.memo.get(job);
    if (!byKey) this.memo.set(job, (byKey = new Map()));
    let names = byKey.get(key);
    if (!names) byKey.set(key, (names = this.compute(job, depth, inputs, within)));
    return names;
  }

  private compute(job: WorkflowJob, depth: number, inputs: Record<string, unknown> | undefined, within: Workflow | undefined): ReportedCheckNames {
    const own = ownNames(job, inputs);
    if (!job.uses) return own;
    return this.callerNames(job, own, depth, within);
  }

  private callerNames(job: WorkflowJob, caller: ReportedCheckNames, depth: number, within: Workflow | undefined): ReportedCheckNames {
    const uses = job.uses!;
    const called = this.findWorkflow(uses, within);
    if (called && 'unread' in called) return { names: [], unresolved: `it calls ${uses}, which could not be read (${called.unread})` };
    const callee = called;
    if (!callee && localUsesPath(uses) === undefined) return { names: [], unresolved: `it calls ${uses}, a workflow outside this repository, whose jobs are not known here` };
    if (!callee) return { names: [], unresolved: `it calls ${uses}, which is not in ${within?.origin ? `${within.origin.owner}/${within.origin.repo} at ${within.origin.ref}` : 'the workspace'}` };
    if (this.calling.includes(callee)) return { names: [], unresolved: `it calls ${callee.fileName}, which calls back into itself; GitHub refuses a cycle of reusable workflows` };
    // The job at depth d is in the workflow of level d + 1, so its callee is at level d + 2.
    if (depth + 2 > maxCallDepth) return { names: [], unresolved: `reusable workflows nest deeper than ${maxCallDepth} levels` };
    const inputs = { ...callee.inputDefaults, ...(job.with ?? {}) };
    const names: string[] = [];
    const reasons = caller.unresolved ? [caller.unresolved] : [];
    this.calling.push(callee);
    try {
      for (const calleeJob of callee.jobs) {
        const inner = this.names(calleeJob, depth + 1, inputs, callee);
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

function suffixed(base: string, combinations: Combination[]): ReportedCheckNames {
  const names = combinations.map((combination) => {
    const values = Object.values(combination).flatMap((v) => displayedValues(v, []));
    return values.length > 0 ? `${base} (${values.join(', ')})` : base;
  });
  return { names: [...new Set(names)] };
}

/**
 * The names of a job itself: `name:` else the id, one per matrix combination; its expressions read with
 * GitHub's parser and evaluated over the matrix and the caller's inputs, or why they are known only at run time.
 */
function ownNames(job: WorkflowJob, inputs: Record<string, unknown> | undefined): ReportedCheckNames {
  const base = job.name ?? job.id;
  const template = job.name === undefined ? { segments: [{ text: job.id }] } : parseTemplate(base, jobNameContexts);
  if ('error' in template) return { names: [], unresolved: `its name "${base}" is not an expression GitHub can read (${template.error.replace(/\.$/, '')})` };
  const { segments } = template;
  let combinations: Combination[] = [{}];
  if (job.matrix !== undefined) {
    const expansion = expandMatrix(job.matrix);
    if (expansion.kind === 'unknown') return { names: [], unresolved: expansion.reason };
    if (expansion.kind === 'over-limit') return { names: [], unresolved: `its matrix has ${expansion.exact ? expansion.count : 'more than 256'} combinations; GitHub refuses more than 256, so the job never runs` };
    if (expansion.combinations.length === 0) return { names: [], unresolved: 'its matrix has no combinations, so the job never runs' };
    combinations = expansion.combinations;
  }
  const expressions = segments.flatMap((s) => ('expression' in s ? [s.expression] : []));
  if (expressions.length === 0) return job.matrix === undefined ? { names: [base] } : withoutExpressionValues(base, suffixed(base, combinations));
  const known = new Set([...(job.matrix !== undefined ? ['matrix'] : []), ...(inputs ? ['inputs'] : [])]);
  const others = [...new Set(expressions.flatMap((e) => [...contextsOf(e)]))].filter((context) => !known.has(context));
  if (others.length > 0) return { names: [], unresolved: `its name "${base}" uses ${others.join(', ')} values, which are only known when the workflow runs` };
  for (const input of inputs ? expressions.flatMap(inputsRead) : []) {
    const value = inputs![input];
    if (typeof value === 'string' && value.includes('${{')) return { names: [], unresolved: `its name "${base}" uses input ${input}, which a caller passes as an expression` };
    if (value === undefined) return { names: [], unresolved: `its name "${base}" uses input ${input}, which a caller does not pass and has no default` };
  }
  return withoutExpressionValues(base, rendered(base, segments, combinations, inputs));
}

/** A matrix or input value may itself be an expression, which GitHub evaluates before naming the job. */
function withoutExpressionValues(base: string, reported: ReportedCheckNames): ReportedCheckNames {
  if (!reported.names.some((name) => name.includes('${{'))) return reported;
  return { names: [], unresolved: `its name "${base}" takes values that are expressions, which are only known when the workflow runs` };
}

/** The name per combination, its expressions evaluated as GitHub does (objects and arrays read as `Object` and `Array`). */
function rendered(base: string, segments: Segment[], combinations: Combination[], inputs: Record<string, unknown> | undefined): ReportedCheckNames {
  const names: string[] = [];
  for (const matrix of combinations) {
    let name = '';
    for (const segment of segments) {
      if ('text' in segment) {
        name += segment.text;
        continue;
      }
      let value;
      try {
        value = evaluate(segment.expression, inputs ? { matrix, inputs } : { matrix });
      } catch (error) {
        return { names: [], unresolved: `its name "${base}" cannot be evaluated: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (value.kind === data.Kind.Null) return { names: [], unresolved: `its name "${base}" refers to a matrix value that is missing` };
      name += value.coerceString();
    }
    names.push(name);
  }
  return { names: [...new Set(names)] };
}
