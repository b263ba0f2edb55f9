/** GitHub runs at most 256 jobs of one matrix; over that it refuses the workflow run. */
export const maxCombinations = 256;

export type Combination = Record<string, unknown>;

/** What a `strategy.matrix` expands to, found by counting first: nothing beyond the limit is ever built. */
export type MatrixExpansion =
  | { kind: 'combinations'; combinations: Combination[] }
  /** Over GitHub's limit: the count, exact or a lower bound. */
  | { kind: 'over-limit'; count: number; exact: boolean }
  /** Not known before the workflow runs (an expression), or not a matrix GitHub accepts. */
  | { kind: 'unknown'; reason: string };

/** Work bound of the exclude-aware count: far beyond any real matrix, reached only by a hostile one. */
const maxCountingSteps = 200_000;

interface Axis {
  key: string;
  values: unknown[];
}

/** An exclude entry as value sets per axis: `matches[a][i]` when value i of axis a is the excluded value. */
interface ExcludeEntry {
  axes: number[];
  matches: Map<number, boolean[]>;
}

/**
 * What is worked out of a matrix, once per matrix object: a job kept across an edit of its workflow keeps
 * its matrix (see readWorkflow). The values are shared and must not be changed.
 */
function perMatrix<T>(compute: (matrix: unknown) => T): (matrix: unknown) => T {
  const known = new WeakMap<object, T>();
  return (matrix) => {
    if (!isObject(matrix)) return compute(matrix);
    let value = known.get(matrix);
    if (value === undefined) known.set(matrix, (value = compute(matrix)));
    return value;
  };
}

/** The combinations of `strategy.matrix` in GitHub's order (include/exclude applied), or why they are unknown. */
export const expandMatrix = perMatrix(computeExpansion);

function computeExpansion(matrix: unknown): MatrixExpansion {
  if (typeof matrix === 'string') return { kind: 'unknown', reason: `its matrix is the expression ${matrix}, known only when the workflow runs` };
  if (!isObject(matrix)) return { kind: 'unknown', reason: 'its matrix is not a mapping' };
  const { include, exclude, ...rest } = matrix;
  const axes: Axis[] = [];
  for (const [key, values] of Object.entries(rest)) {
    if (!Array.isArray(values)) return { kind: 'unknown', reason: `its matrix axis "${key}" is ${typeof values === 'string' ? `the expression ${values}` : 'not a list'}` };
    axes.push({ key, values });
  }
  if (exclude !== undefined && !Array.isArray(exclude)) return { kind: 'unknown', reason: 'its matrix exclude is an expression' };
  if (include !== undefined && !Array.isArray(include)) return { kind: 'unknown', reason: 'its matrix include is an expression' };
  // An exclude value GitHub evaluates first (`${{ … }}`) is known only when the workflow runs, and so is what it removes.
  if ((exclude ?? []).some(holdsExpression)) return { kind: 'unknown', reason: 'its matrix exclude uses expressions, known only when the workflow runs' };
  const includes = (include ?? []).filter(isObject);
  const excludes = (exclude ?? []).filter(isObject).flatMap((entry) => excludeEntry(axes, entry) ?? []);
  const counted = countOriginals(axes, excludes);
  if (counted === undefined) return { kind: 'unknown', reason: 'its matrix excludes are too intricate to count statically' };
  if (counted.tuples === undefined) {
    // Include entries only add: the originals alone are already over the limit.
    const added = excludes.length === 0 ? includes.filter((entry) => !matchesFullProduct(axes, entry)).length : 0;
    return { kind: 'over-limit', count: counted.count + added, exact: counted.exact };
  }
  const combinations = counted.tuples.map((tuple) => Object.fromEntries(axes.map((axis, a) => [axis.key, axis.values[tuple[a]]])));
  applyIncludes(axes, combinations, includes);
  if (combinations.length > maxCombinations) return { kind: 'over-limit', count: combinations.length, exact: true };
  return { kind: 'combinations', combinations };
}

/** GitHub's include: an entry extends every original combination it does not contradict, else it is a new one. */
function applyIncludes(axes: Axis[], combinations: Combination[], includes: Record<string, unknown>[]): void {
  const original = new Set(axes.map((a) => a.key));
  const base = combinations.length;
  for (const entry of includes) {
    let matched = false;
    for (let i = 0; i < base; i++) {
      const combination = combinations[i];
      if (Object.entries(entry).every(([k, v]) => !original.has(k) || sameValue(combination[k], v))) {
        for (const [k, v] of Object.entries(entry)) if (!original.has(k)) combination[k] = v;
        matched = true;
      }
    }
    // Nothing is built beyond the limit: one over is enough to know.
    if (!matched && combinations.length <= maxCombinations) combinations.push({ ...entry });
  }
}

/** Whether an include entry fits some combination of the full product (no exclude): each original key's value is on its axis. */
function matchesFullProduct(axes: Axis[], entry: Record<string, unknown>): boolean {
  if (axes.length === 0 || axes.some((a) => a.values.length === 0)) return false;
  return Object.entries(entry).every(([k, v]) => {
    const axis = axes.find((a) => a.key === k);
    return !axis || axis.values.some((value) => sameValue(value, v));
  });
}

/** An exclude entry over the axes; undefined when it can match no combination (an unknown key, a value on no axis). */
function excludeEntry(axes: Axis[], entry: Record<string, unknown>): ExcludeEntry | undefined {
  const matches = new Map<number, boolean[]>();
  for (const [key, value] of Object.entries(entry)) {
    const a = axes.findIndex((axis) => axis.key === key);
    if (a < 0) return undefined;
    const hits = axes[a].values.map((v) => excludes(value, v));
    if (!hits.includes(true)) return undefined;
    matches.set(a, hits);
  }
  return matches.size === 0 ? undefined : { axes: [...matches.keys()], matches };
}

/**
 * The original combinations that survive exclude, counted from the axis lengths: the axes excludes name
 * are walked first, so a whole subtree is settled at once (excluded, or free of any exclude: a product).
 * The index tuples are returned only when the count is within the limit.
 */
function countOriginals(axes: Axis[], excludes: ExcludeEntry[]): { count: number; exact: boolean; tuples?: number[][] } | undefined {
  if (axes.length === 0) return { count: 0, exact: true, tuples: [] };
  const named = new Set(excludes.flatMap((e) => e.axes));
  const order = [...axes.keys()].sort((a, b) => Number(named.has(b)) - Number(named.has(a)) || a - b);
  // leavesFrom[d]: combinations under a node at depth d of the walk.
  const leavesFrom = new Array<number>(order.length + 1).fill(1);
  for (let d = order.length - 1; d >= 0; d--) leavesFrom[d] = leavesFrom[d + 1] * axes[order[d]].values.length;
  const tuples: number[][] = [];
  const assignment = new Array<number>(axes.length).fill(0);
  let count = 0;
  let steps = 0;
  let exact = true;

  const visit = (depth: number, live: ExcludeEntry[]): boolean => {
    if (++steps > maxCountingSteps) return false;
    if (live.some((e) => e.axes.every((a) => order.indexOf(a) < depth))) return true; // the prefix is excluded
    const leaves = leavesFrom[depth];
    if (live.length === 0) {
      count += leaves;
      if (count <= maxCombinations) enumerate(depth);
      return true;
    }
    // Each live entry removes at most the leaves it matches: if more than the limit survive anyway, the
    // subtree is settled without walking it, its survivors counted at their least.
    const removable = live.reduce((sum, e) => sum + matchedLeaves(e, depth), 0);
    if (leaves - removable > maxCombinations) {
      count += leaves - removable;
      exact = false;
      return true;
    }
    const axis = order[depth];
    for (let i = 0; i < axes[axis].values.length; i++) {
      assignment[axis] = i;
      if (!visit(depth + 1, live.filter((e) => e.matches.get(axis)?.[i] ?? true))) return false;
    }
    return true;
  };

  /** Leaves under the current node at `depth` that an entry matches: its unassigned axes contribute their matching values. */
  const matchedLeaves = (entry: ExcludeEntry, depth: number): number => {
    let product = 1;
    for (let d = depth; d < order.length; d++) {
      const hits = entry.matches.get(order[d]);
      product *= hits ? hits.filter(Boolean).length : axes[order[d]].values.length;
    }
    return product;
  };

  /** Every completion of the current prefix (none is excluded), as tuples in the original axis order. */
  const enumerate = (depth: number): void => {
    if (depth === order.length) {
      tuples.push([...assignment]);
      return;
    }
    const axis = order[depth];
    for (let i = 0; i < axes[axis].values.length; i++) {
      assignment[axis] = i;
      enumerate(depth + 1);
    }
  };

  if (!visit(0, excludes)) return count > maxCombinations ? { count, exact: false } : undefined;
  if (count > maxCombinations) return { count, exact };
  // GitHub's order: the first key varies slowest.
  tuples.sort((x, y) => {
    for (let a = 0; a < x.length; a++) if (x[a] !== y[a]) return x[a] - y[a];
    return 0;
  });
  return { count, exact, tuples };
}

/** Where a matrix is not what its author meant: combinations that repeat, exclude entries that match nothing. */
export const matrixShapeProblems = perMatrix(computeShapeProblems);

function computeShapeProblems(matrix: unknown): { duplicates: { combination: Combination; times: number }[]; idleExcludes: { index: number; reason: string }[] } {
  const problems = { duplicates: [] as { combination: Combination; times: number }[], idleExcludes: [] as { index: number; reason: string }[] };
  if (!isObject(matrix)) return problems;
  const { exclude, include: _include, ...rest } = matrix;
  const axes = Object.entries(rest).filter((e): e is [string, unknown[]] => Array.isArray(e[1])).map(([key, values]) => ({ key, values }));
  if (Array.isArray(exclude)) {
    exclude.forEach((entry, index) => {
      if (!isObject(entry) || holdsExpression(entry)) return;
      const unknownKey = Object.keys(entry).find((k) => !axes.some((a) => a.key === k));
      const absent = Object.entries(entry).find(([k, v]) => !axes.find((a) => a.key === k)?.values.some((value) => excludes(v, value)));
      if (unknownKey !== undefined) problems.idleExcludes.push({ index, reason: `"${unknownKey}" is not an axis of this matrix` });
      else if (absent) {
        const [key, wanted] = absent;
        // YAML reads 3.9 as a number and "3.9" as a string; the two never match.
        const spelled = axes.find((a) => a.key === key)!.values.find((v) => typeof v !== typeof wanted && typeof v !== 'object' && String(v) === String(wanted));
        problems.idleExcludes.push({ index, reason: `${key} is never ${JSON.stringify(wanted)}${spelled === undefined ? '' : ` — the matrix has ${JSON.stringify(spelled)}, a ${typeof spelled}; quote both or neither`}` });
      }
    });
  }
  const expansion = expandMatrix(matrix);
  if (expansion.kind !== 'combinations') return problems;
  const seen = new Map<string, { combination: Combination; times: number }>();
  for (const combination of expansion.combinations) {
    const key = JSON.stringify(Object.entries(combination).sort(([a], [b]) => a.localeCompare(b)));
    const entry = seen.get(key);
    if (entry) entry.times++;
    else seen.set(key, { combination, times: 1 });
  }
  problems.duplicates = [...seen.values()].filter((e) => e.times > 1);
  return problems;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function holdsExpression(value: unknown): boolean {
  return JSON.stringify(value).includes('${{');
}

/**
 * Whether an exclude entry's value matches a matrix value. GitHub documents that an excluded configuration
 * only has to match partly: an object matches every object holding its keys with matching values, at any
 * depth. Scalars match only as written (a string never matches a number).
 */
function excludes(pattern: unknown, value: unknown): boolean {
  if (isObject(pattern)) return isObject(value) && Object.entries(pattern).every(([k, v]) => k in value && excludes(v, value[k]));
  return sameValue(pattern, value);
}
