import { expectedStatus } from '../reports/invariants';
import { checkExpectations } from './expectations';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'report-status-consistency',
  description: 'A report\'s status must follow from its own content (e.g. status is passed exactly when summary.failed is 0; a gate passes exactly when its decision is go).',
  defaultSeverity: 'error',
  files: (context) => context.reportFiles,
  check: (context, file, report) => checkExpectations(context, file, report, expectedStatus),
};
