import { localUsesPath, Workflow, WorkflowJob } from './workflowModel';

/** The check-run names GitHub will report for a job, as far as they can be known without running it. */
export interface ReportedCheckNames {
  names: string[];
  /** Why the names (or some of them) cannot be computed statically; never guessed. */
  unresolved?: string;
}

type Combination = Record<string, unknown>;

const expression = /\$\{\{\s*(.*?)\s*\}\}/g;
const matrixReference = /^matrix\.([A-Za-z0-9_-]+)$/;

/** GitHub.com runs reusable workflows nested up to ten levels deep (the caller and nine called). */
const maxCallDepth = 10;

/** GitHub refuses a matrix of more than 256 jobs. */
const maxCombinations = 256;

/**
 * A job reports `name:` else its id; a matrix job one check per combination, `name (v1, v2)`, unless the
 * name itself uses `${{ matrix.* }}`; a job calling a reusable workflow `caller / callee` per callee job.
 */
export function reportedCheckNames(job: WorkflowJob, findWorkflow: (usesPath: string) => Workflow | undefined, depth = 0): ReportedCheckNames {
  if (job.uses) return computeReportedCheckNames(job, findWorkflow, depth);
  let names = namesByJob.get(job);
  if (!names) namesByJob.set(job, (names = computeReportedCheckNames(job, findWorkflow, depth)));
  return names;
}

/** A job parsed once reports the same names until its workflow's text changes. */
const namesByJob = new WeakMap<WorkflowJob, ReportedCheckNames>();

function computeReportedCheckNames(job: WorkflowJob, findWorkflow: (usesPath: string) => Workflow | undefined, depth: number): ReportedCheckNames {
  const base = job.name ?? job.id;
  const expressions = [...base.matchAll(expression)].map((m) => m[1]);
  let own: ReportedCheckNames;
  if (job.matrix === undefined) {
    own = expressions.length > 0 ? { names: [], unresolved: `its name "${base}" uses expressions that are only known when the workflow runs` } : { names: [base] };
  } else {
    const combinations = expandMatrix(job.matrix);
    if (typeof combinations === 'string') {
      own = { names: [], unresolved: combinations };
    } else if (expressions.length === 0) {
      own = suffixed(base, combinations);
    } else if (expressions.every((e) => matrixReference.test(e))) {
      own = substituted(base, combinations);
    } else {
      own = { names: [], unresolved: `its name "${base}" uses expressions other than matrix values` };
    }
  }
  if (!job.uses) return own;
  return callerNames(job.uses, own, findWorkflow, depth);
}

function callerNames(uses: string, caller: ReportedCheckNames, findWorkflow: (usesPath: string) => Workflow | undefined, depth: number): ReportedCheckNames {
  if (localUsesPath(uses) === undefined) return { names: [], unresolved: `it calls ${uses}, a workflow outside this repository, whose jobs are not known here` };
  const callee = findWorkflow(uses);
  if (!callee) return { names: [], unresolved: `it calls ${uses}, which is not in the workspace` };
  // The job at depth d is in the workflow of level d + 1, so its callee is at level d + 2.
  if (depth + 2 > maxCallDepth) return { names: [], unresolved: `reusable workflows nest deeper than ${maxCallDepth} levels` };
  const names: string[] = [];
  const reasons = caller.unresolved ? [caller.unresolved] : [];
  for (const calleeJob of callee.jobs) {
    const inner = reportedCheckNames(calleeJob, findWorkflow, depth + 1);
    for (const outer of caller.names) for (const name of inner.names) names.push(`${outer} / ${name}`);
    if (inner.unresolved) reasons.push(`${callee.fileName} job ${calleeJob.id}: ${inner.unresolved}`);
  }
  return reasons.length > 0 ? { names, unresolved: reasons.join('; ') } : { names };
}

function display(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function suffixed(base: string, combinations: Combination[]): ReportedCheckNames {
  const names: string[] = [];
  for (const combination of combinations) {
    const values = Object.values(combination).map(display);
    if (values.some((v) => v === undefined)) return { names, unresolved: 'a matrix value is an object or list, whose display in the check name is not known' };
    names.push(values.length > 0 ? `${base} (${values.join(', ')})` : base);
  }
  return { names: [...new Set(names)] };
}

function substituted(base: string, combinations: Combination[]): ReportedCheckNames {
  const names: string[] = [];
  for (const combination of combinations) {
    let unresolved = false;
    const name = base.replace(expression, (_, inner: string) => {
      const value = display(combination[matrixReference.exec(inner)![1]]);
      if (value === undefined) unresolved = true;
      return value ?? '';
    });
    if (unresolved) return { names, unresolved: `its name "${base}" refers to a matrix value that is missing or not a scalar` };
    names.push(name);
  }
  return { names: [...new Set(names)] };
}

/** The combinations of `strategy.matrix` in GitHub's order (include/exclude applied), or why they are unknown. */
export function expandMatrix(matrix: unknown): Combination[] | string {
  if (typeof matrix === 'string') return `its matrix is the expression ${matrix}, known only when the workflow runs`;
  if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix)) return 'its matrix is not a mapping';
  const { include, exclude, ...axes } = matrix as Record<string, unknown>;
  let combinations: Combination[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) return `its matrix axis "${key}" is ${typeof values === 'string' ? `the expression ${values}` : 'not a list'}`;
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  if (Object.keys(axes).length === 0) combinations = [];
  if (exclude !== undefined) {
    if (!Array.isArray(exclude)) return 'its matrix exclude is an expression';
    combinations = combinations.filter((c) => !exclude.some((e) => isObject(e) && Object.entries(e).every(([k, v]) => sameValue(c[k], v))));
  }
  if (include !== undefined) {
    if (!Array.isArray(include)) return 'its matrix include is an expression';
    const original = new Set(Object.keys(axes));
    const base = combinations.length;
    for (const entry of include) {
      if (!isObject(entry)) continue;
      let matched = false;
      // An include entry extends every original combination it does not contradict; else it is a new one.
      for (let i = 0; i < base; i++) {
        const combination = combinations[i];
        if (Object.entries(entry).every(([k, v]) => !original.has(k) || sameValue(combination[k], v))) {
          for (const [k, v] of Object.entries(entry)) if (!original.has(k)) combination[k] = v;
          matched = true;
        }
      }
      if (!matched) combinations.push({ ...entry });
    }
  }
  if (combinations.length === 0) return 'its matrix has no combinations, so the job never runs';
  if (combinations.length > maxCombinations) return `its matrix has ${combinations.length} combinations; GitHub refuses more than ${maxCombinations}, so the job never runs`;
  return combinations;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
