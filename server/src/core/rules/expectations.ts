import { assessReport } from '../reports/assessment';
import { contradictions, Derivation } from '../reports/invariants';
import type { JsonPath } from '../parse/jsonDocument';
import { setJsonValueFix } from '../fixes/jsonValueFix';
import type { FixContext } from '../fixes/verify';
import type { QuickFix } from '../fixes/textEdit';
import type { Finding } from '../types';
import type { Emit, RuleContext } from './rule';

/** Quick-fix data of a field that should hold a derived value. */
export interface DerivedValueFixData {
  path: JsonPath;
  expected: unknown;
}

/** Sets the field to the value the report's other fields imply. */
export function derivedValueFixes(finding: Finding<DerivedValueFixData>, { model }: FixContext): QuickFix[] {
  const data = finding.data;
  return data ? setJsonValueFix(model, finding.file, data.path, data.expected, `Set ${data.path.join('.')} to ${JSON.stringify(data.expected)}`) : [];
}

/** Reports each field of a report whose value is not the one its other fields imply. */
export function checkExpectations(context: RuleContext, file: string, report: Emit<DerivedValueFixData>, derive: Derivation): void {
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
