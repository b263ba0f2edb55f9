import { expectedCompleteness } from '../reports/invariants';
import { checkExpectations, derivedValueFixes, DerivedValueFixData } from './expectations';
import type { Rule } from './rule';

export const rule: Rule<DerivedValueFixData> = {
  id: 'report-execution-complete',
  description: 'execution_complete / test_execution_complete must say whether every expected execution ran.',
  defaultSeverity: 'error',
  fileLocal: 'json',
  playbook: true,
  files: (context) => context.reportFiles,
  check: (context, file, report) => checkExpectations(context, file, report, expectedCompleteness),
  fixes: derivedValueFixes,
};
