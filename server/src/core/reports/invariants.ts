import type { JsonDocument, JsonPath } from '../parse/jsonDocument';
import type { ReportFamily } from './catalog';

/** A field whose value follows from other fields of the same report. */
export interface Expectation {
  path: JsonPath;
  expected: unknown;
  /** Why, in the contract's words: `len(checks)`, `failures is empty`. */
  because: string;
  /** Ratios are written rounded by some producers. */
  tolerance?: number;
}

/** A failing entry of a report's own list: a check, a test execution, a readiness flag. */
export interface FailingEntry {
  path: JsonPath;
  label: string;
  detail: string;
  /** An executive summary entry's recorded status. */
  status?: string;
}

const ratioTolerance = 5e-4;

function list(doc: JsonDocument, path: JsonPath): unknown[] | undefined {
  const value = doc.valueAt(path);
  return Array.isArray(value) ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function countWhere(items: unknown[], test: (item: Record<string, unknown>) => boolean): number {
  return items.filter((item) => test(record(item))).length;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** total/passed/failed/pass_ratio over a list whose entries pass by `passes`. */
function tally(
  doc: JsonDocument,
  listPath: JsonPath,
  names: { total: string; passed: string; failed: string; ratio?: string },
  passes: (entry: Record<string, unknown>) => boolean,
  passedWords: string,
  summary: JsonPath = ['summary'],
): Expectation[] {
  const items = list(doc, listPath);
  if (!items) return [];
  const listName = listPath.join('.');
  const passed = countWhere(items, passes);
  const result: Expectation[] = [
    { path: [...summary, names.total], expected: items.length, because: `len(${listName})` },
    { path: [...summary, names.passed], expected: passed, because: `the number of ${listName} entries with ${passedWords}` },
    { path: [...summary, names.failed], expected: items.length - passed, because: `${names.total} - ${names.passed}` },
  ];
  if (names.ratio) {
    result.push({ path: [...summary, names.ratio], expected: ratio(passed, items.length), because: `${names.passed} / ${names.total} (0.0 when empty)`, tolerance: ratioTolerance });
  }
  return result;
}

const checkPassed = (entry: Record<string, unknown>) => entry.passed === true;
const returnedZero = (entry: Record<string, unknown>) => entry.returncode === 0;
const envelopeNames = { total: 'total', passed: 'passed', failed: 'failed', ratio: 'pass_ratio' };

/** Counters that must agree with the lists they count. */
export function expectedCounters(family: ReportFamily, doc: JsonDocument): Expectation[] {
  switch (family) {
    case 'envelope':
    case 'githubBranchProtection':
      return tally(doc, ['checks'], envelopeNames, checkPassed, 'passed: true');
    case 'testRunner':
      return tally(doc, ['tests'], { total: 'total_tests', passed: 'passed_tests', failed: 'failed_tests', ratio: 'pass_ratio' }, returnedZero, 'returncode 0');
    case 'replay': {
      const result = tally(doc, ['tests'], { total: 'completed_executions', passed: 'passed_executions', failed: 'failed_executions', ratio: 'pass_ratio' }, returnedZero, 'returncode 0');
      const nodes = doc.valueAt(['summary', 'test_nodes']);
      const repetitions = doc.valueAt(['summary', 'repetitions']);
      if (typeof nodes === 'number' && typeof repetitions === 'number') {
        result.push({ path: ['summary', 'expected_total_executions'], expected: nodes * repetitions, because: 'test_nodes × repetitions' });
      }
      return result;
    }
    case 'promotionReadiness': {
      const checks = doc.valueAt(['checks']);
      if (checks === null || typeof checks !== 'object' || Array.isArray(checks)) return [];
      const flags = Object.values(checks as Record<string, unknown>);
      const passed = flags.filter((flag) => flag === true).length;
      return [
        { path: ['summary', 'automated_checks_total'], expected: flags.length, because: 'the number of flags in checks' },
        { path: ['summary', 'automated_checks_passed'], expected: passed, because: 'the number of true flags in checks' },
        { path: ['summary', 'automated_checks_failed'], expected: flags.length - passed, because: 'automated_checks_total - automated_checks_passed' },
        { path: ['summary', 'runtime_canary_pass_ratio'], expected: ratio(passed, flags.length), because: 'automated_checks_passed / automated_checks_total', tolerance: ratioTolerance },
      ];
    }
    case 'executiveSummary': {
      const reports = list(doc, ['reports']);
      if (!reports) return [];
      const result: Expectation[] = [{ path: ['summary', 'total_reports'], expected: reports.length, because: 'len(reports)' }];
      for (const status of ['passed', 'failed', 'unverified', 'unknown', 'invalid', 'missing']) {
        result.push({ path: ['summary', status], expected: countWhere(reports, (r) => r.status === status), because: `the number of reports with status "${status}"` });
      }
      return result;
    }
    case 'gate': {
      const result = tally(doc, ['checks'], { total: 'total', passed: 'passed', failed: 'failed' }, checkPassed, 'passed: true');
      const checks = list(doc, ['checks']);
      if (checks) {
        for (const severity of ['high', 'medium']) {
          result.push({
            path: ['summary', `${severity}_failures`],
            expected: countWhere(checks, (c) => c.passed !== true && c.severity === severity),
            because: `the number of failing checks with severity "${severity}"`,
          });
        }
      }
      return result;
    }
    case 'lineage': {
      const result = tally(doc, ['completeness_checks'], { total: 'total_checks', passed: 'passed_checks', failed: 'failed_checks' }, checkPassed, 'passed: true');
      const nodes = list(doc, ['lineage', 'nodes']);
      const edges = list(doc, ['lineage', 'edges']);
      if (nodes) result.push({ path: ['summary', 'nodes_total'], expected: nodes.length, because: 'len(lineage.nodes)' });
      if (edges) result.push({ path: ['summary', 'edges_total'], expected: edges.length, because: 'len(lineage.edges)' });
      return result;
    }
    case 'lineageContract':
      return tally(doc, ['checks'], { total: 'total_checks', passed: 'passed_checks', failed: 'failed_checks' }, checkPassed, 'passed: true');
    case 'summaryOnly': {
      const total = doc.valueAt(['summary', 'total']);
      const passed = doc.valueAt(['summary', 'passed']);
      if (typeof total !== 'number' || typeof passed !== 'number') return [];
      return [{ path: ['summary', 'failed'], expected: total - passed, because: 'total - passed' }];
    }
    default:
      return [];
  }
}

function allPassed(doc: JsonDocument, path: JsonPath): boolean | undefined {
  const items = list(doc, path);
  return items ? items.every((item) => record(item).passed === true) : undefined;
}

/** The `status` (and `slo_status`) a report must carry, given the rest of it. */
export function expectedStatus(family: ReportFamily, doc: JsonDocument): Expectation[] {
  const byBoolean = (ok: boolean | undefined, because: string): Expectation[] =>
    ok === undefined ? [] : [{ path: ['status'], expected: ok ? 'passed' : 'failed', because }];
  switch (family) {
    case 'envelope':
    case 'bundlePromotion':
    case 'lineageContract':
      return byBoolean(allPassed(doc, ['checks']), 'status is "passed" exactly when every checks[] entry passed');
    case 'lineage':
      return byBoolean(allPassed(doc, ['completeness_checks']), 'status is "passed" exactly when every completeness check passed');
    case 'githubBranchProtection': {
      // "unverified" overrides the checks unless --fail-on-unverified was given (then "failed").
      if (doc.valueAt(['summary', 'unverified']) === true) {
        const status = doc.valueAt(['status']);
        return status === 'unverified' || status === 'failed' ? [] : [{ path: ['status'], expected: 'unverified', because: 'summary.unverified is true' }];
      }
      return byBoolean(allPassed(doc, ['checks']), 'status is "passed" exactly when every checks[] entry passed (summary.unverified is false)');
    }
    case 'replay':
    case 'testRunner': {
      const failures = list(doc, ['failures']);
      return byBoolean(failures && failures.length === 0, 'status is "passed" exactly when failures is empty');
    }
    case 'promotionReadiness': {
      const ready = doc.valueAt(['environments', 'staging_to_prod', 'automated_ready']);
      return byBoolean(typeof ready === 'boolean' ? ready : undefined, 'status is "passed" exactly when environments.staging_to_prod.automated_ready');
    }
    case 'gate': {
      const decision = doc.valueAt(['decision']);
      return byBoolean(typeof decision === 'string' ? decision === 'go' : undefined, 'status is "passed" exactly when decision is "go"');
    }
    case 'executiveSummary': {
      const reports = list(doc, ['reports']);
      if (!reports) return [];
      const count = (status: string) => countWhere(reports, (r) => r.status === status);
      const expected =
        count('failed') + count('invalid') > 0 ? 'failed' : count('unverified') + count('unknown') + count('missing') > 0 ? 'unverified' : 'passed';
      return [{ path: ['status'], expected, because: 'failed if any entry is failed or invalid, else unverified if any is unverified, unknown or missing, else passed' }];
    }
    case 'trendSlo': {
      const breaches = list(doc, ['breaches']);
      const trendStatus = doc.valueAt(['trend_status']);
      const result: Expectation[] = [];
      if (breaches) {
        const slo = breaches.length > 0 ? 'breach' : trendStatus === 'unverified' ? 'unverified' : 'pass';
        result.push({ path: ['slo_status'], expected: slo, because: 'breach if any breach, else unverified if the trend is unverified, else pass' });
      }
      const slo = doc.valueAt(['slo_status']);
      if (typeof slo === 'string') result.push({ path: ['status'], expected: slo === 'pass' ? 'passed' : 'failed', because: 'status is "passed" only when slo_status is "pass"' });
      return result;
    }
    case 'dxSlo': {
      const breaches = list(doc, ['breaches']);
      return breaches ? [{ path: ['slo_status'], expected: breaches.length > 0 ? 'breach' : 'pass', because: 'slo_status is "breach" exactly when breaches is non-empty' }] : [];
    }
    default:
      return [];
  }
}

/** `*_complete` flags that must agree with the counts they summarise. */
export function expectedCompleteness(family: ReportFamily, doc: JsonDocument): Expectation[] {
  const flag = (field: string, done: string, expected: string): Expectation[] => {
    const a = doc.valueAt(['summary', done]);
    const b = doc.valueAt(['summary', expected]);
    if (typeof a !== 'number' || typeof b !== 'number') return [];
    return [{ path: ['summary', field], expected: a === b, because: `${done} (${a}) ${a === b ? '==' : '!='} ${expected} (${b})` }];
  };
  if (family === 'replay') return flag('execution_complete', 'completed_executions', 'expected_total_executions');
  if (family === 'testRunner') return flag('test_execution_complete', 'total_tests', 'expected_total_tests');
  return [];
}

/** The report's own failing entries, each at its own path, with the producer's detail (once per parse). */
export function failingEntries(family: ReportFamily, doc: JsonDocument): FailingEntry[] {
  let byFamily = failingByDoc.get(doc);
  if (!byFamily) failingByDoc.set(doc, (byFamily = new Map()));
  let entries = byFamily.get(family);
  if (!entries) byFamily.set(family, (entries = computeFailingEntries(family, doc)));
  return entries;
}

const failingByDoc = new WeakMap<JsonDocument, Map<ReportFamily, FailingEntry[]>>();

function computeFailingEntries(family: ReportFamily, doc: JsonDocument): FailingEntry[] {
  const fromChecks = (path: JsonPath): FailingEntry[] =>
    (list(doc, path) ?? []).flatMap((item, index) => {
      const entry = record(item);
      if (entry.passed !== false) return [];
      const severity = typeof entry.severity === 'string' ? ` [${entry.severity}]` : '';
      return [{ path: [...path, index], label: `${String(entry.check_id ?? `check ${index}`)}${severity}`, detail: String(entry.detail ?? '') }];
    });
  switch (family) {
    case 'envelope':
    case 'githubBranchProtection':
    case 'gate':
    case 'bundlePromotion':
    case 'lineageContract':
      return fromChecks(['checks']);
    case 'lineage':
      return fromChecks(['completeness_checks']);
    case 'replay':
    case 'testRunner':
      return (list(doc, ['tests']) ?? []).flatMap((item, index) => {
        const test = record(item);
        if (typeof test.returncode !== 'number' || test.returncode === 0) return [];
        const id = String(test.execution_id ?? test.nodeid ?? `test ${index}`);
        return [{ path: ['tests', index], label: id, detail: `returncode ${test.returncode}` }];
      });
    case 'promotionReadiness': {
      const checks = record(doc.valueAt(['checks']));
      return Object.entries(checks)
        .filter(([, flag]) => flag === false)
        .map(([name]) => ({ path: ['checks', name], label: name, detail: 'false' }));
    }
    case 'executiveSummary':
      return (list(doc, ['reports']) ?? []).flatMap((item, index) => {
        const entry = record(item);
        if (entry.status === 'passed') return [];
        const status = String(entry.status);
        // The generator often writes the status again as the detail; say it once.
        const detail = entry.detail === undefined || entry.detail === '' || entry.detail === entry.status ? '' : `; ${String(entry.detail)}`;
        return [{ path: ['reports', index], label: String(entry.path ?? `report ${index}`), detail: `status=${status}${detail}`, status }];
      });
    case 'trendSlo':
    case 'dxSlo':
      return (list(doc, ['breaches']) ?? []).map((breach, index) => ({ path: ['breaches', index], label: 'breach', detail: String(breach) }));
    default:
      return [];
  }
}

/** A field whose value contradicts what the rest of the report implies. */
export interface Contradiction {
  expectation: Expectation;
  actual: unknown;
}

export type Derivation = (family: ReportFamily, doc: JsonDocument) => Expectation[];

/** Where the report contradicts itself, by the given derivations (all of them by default). */
export function contradictions(family: ReportFamily, doc: JsonDocument, derivations: Derivation[] = [expectedStatus, expectedCounters, expectedCompleteness]): Contradiction[] {
  return derivations.flatMap((derive) => contradictionsBy(family, doc, derive));
}

const contradictionsByDoc = new WeakMap<JsonDocument, Map<string, Map<Derivation, Contradiction[]>>>();

/** Contradictions by one derivation, once per parse (a report's text decides them all). */
function contradictionsBy(family: ReportFamily, doc: JsonDocument, derive: Derivation): Contradiction[] {
  let byFamily = contradictionsByDoc.get(doc);
  if (!byFamily) contradictionsByDoc.set(doc, (byFamily = new Map()));
  let byDerivation = byFamily.get(family);
  if (!byDerivation) byFamily.set(family, (byDerivation = new Map()));
  let found = byDerivation.get(derive);
  if (!found) byDerivation.set(derive, (found = computeContradictions(family, doc, derive)));
  return found;
}

function computeContradictions(family: ReportFamily, doc: JsonDocument, derive: Derivation): Contradiction[] {
  return [derive].flatMap((derive) =>
    derive(family, doc).flatMap((expectation) => {
      const actual = doc.valueAt(expectation.path);
      // A missing or mistyped field is a schema problem, not a contradiction.
      if (actual === undefined || typeof actual !== typeof expectation.expected) return [];
      const same =
        typeof actual === 'number' && typeof expectation.expected === 'number' && expectation.tolerance !== undefined
          ? Math.abs(actual - expectation.expected) <= expectation.tolerance
          : actual === expectation.expected;
      return same ? [] : [{ expectation, actual }];
    }),
  );
}
