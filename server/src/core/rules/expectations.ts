import { assessReport } from '../reports/assessment';
import { contradictions, Derivation } from '../reports/invariants';
import type { JsonPath } from '../parse/jsonDocument';
import type { Emit, RuleContext } from './rule';

/** Quick-fix data of a field that should hold a derived value. */
export interface DerivedValueFixData {
  path: JsonPath;
  expected: unknown;
}

/** Reports each field of a report whose value is not the one its other fields imply. */
export function checkExpectations(context: RuleContext, file: string, report: Emit, derive: Derivation): void {
  const assessment = assessReport(context.model, file);
  if (!assessment?.kind || !assessment.doc.isValid) return;
  const { doc } = assessment;
  for (const { expectation, actual } of contradictions(assessment.kind.family, doc, [derive])) {
    const field = expectation.path.join('.');
    report({
      range: doc.rangeNear(expectation.path),
      message: `${field} is ${JSON.stringify(actual)} but should be ${JSON.stringify(expectation.expected)}: ${expectation.because}.`,
      data: { path: expectation.path, expected: expectation.expected } satisfies DerivedValueFixData,
    });
  }
}
