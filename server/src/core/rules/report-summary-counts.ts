import { expectedCounters } from '../reports/invariants';
import { checkExpectations, derivedValueFixes, DerivedValueFixData } from './expectations';
import type { Rule } from './rule';

export const rule: Rule<DerivedValueFixData> = {
  id: 'report-summary-counts',
  description: 'Summary counters must agree with the lists they count (total = len(checks), failed = total - passed, pass_ratio, …).',
  defaultSeverity: 'error',
  fileLocal: 'json',
  playbook: true,
  files: (context) => context.reportFiles,
  check: (context, file, report) => checkExpectations(context, file, report, expectedCounters),
  fixes: derivedValueFixes,
};
