import { assessReport } from '../reports/assessment';
import { expectedStatus } from '../reports/invariants';
import { isStatusValueProblem } from './schemaTargets';
import { checkExpectations, derivedValueFixes, DerivedValueFixData } from './expectations';
import type { Rule } from './rule';

export const rule: Rule<DerivedValueFixData> = {
  id: 'report-status-consistency',
  description: 'A report\'s status must follow from its own content (e.g. status is passed exactly when summary.failed is 0; a gate passes exactly when its decision is go).',
  defaultSeverity: 'error',
  fileLocal: 'json',
  playbook: true,
  files: (context) => context.reportFiles,
  check: (context, file, report) => {
    // A status outside the allowed values is report-status-value's finding; saying what it should be adds noise.
    const assessment = assessReport(context.model, file);
    if (assessment?.schemaProblems.some(isStatusValueProblem)) return;
    checkExpectations(context, file, report, expectedStatus);
  },
  fixes: derivedValueFixes,
};
