import { assessReport } from '../reports/assessment';
import type { ReportFamily } from '../reports/catalog';
import type { Expectation } from '../reports/invariants';
import type { JsonDocument, JsonPath } from '../parse/jsonDocument';
import type { Emit, RuleContext } from './rule';

/** Quick-fix data of a field that should hold a derived value. */
export interface DerivedValueFixData {
  path: JsonPath;
  expected: unknown;
}

/** Reports each field of a report whose value is not the one its other fields imply. */
export function checkExpectations(
  context: RuleContext,
  file: string,
  report: Emit,
  derive: (family: ReportFamily, doc: JsonDocument) => Expectation[],
): void {
  const assessment = assessReport(context.model, file);
  if (!assessment?.kind || !assessment.doc.isValid) return;
  const { doc } = assessment;
  for (const expectation of derive(assessment.kind.family, doc)) {
    const actual = doc.valueAt(expectation.path);
    // A missing or mistyped field is the schema rule's finding, not a contradiction.
    if (actual === undefined || typeof actual !== typeof expectation.expected) continue;
    if (matches(actual, expectation)) continue;
    const field = expectation.path.join('.');
    report({
      range: doc.rangeNear(expectation.path),
      message: `${field} is ${JSON.stringify(actual)} but should be ${JSON.stringify(expectation.expected)}: ${expectation.because}.`,
      data: { path: expectation.path, expected: expectation.expected } satisfies DerivedValueFixData,
    });
  }
}

function matches(actual: unknown, expectation: Expectation): boolean {
  if (typeof actual === 'number' && typeof expectation.expected === 'number' && expectation.tolerance !== undefined) {
    return Math.abs(actual - expectation.expected) <= expectation.tolerance;
  }
  return actual === expectation.expected;
}
