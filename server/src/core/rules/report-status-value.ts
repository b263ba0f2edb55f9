import { assessReport } from '../reports/assessment';
import { isStatusValueProblem } from './schemaTargets';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'report-status-value',
  description: 'A report\'s status (and slo_status) must be one of the values its producer writes.',
  defaultSeverity: 'error',
  fileLocal: 'json',
  playbook: true,
  files: (context) => context.reportFiles,
  check(context, file, report) {
    const assessment = assessReport(context.model, file);
    if (!assessment) return;
    const { doc } = assessment;
    for (const problem of assessment.schemaProblems.filter(isStatusValueProblem)) {
      const found = doc.valueAt([problem.pointer.slice(1)]);
      report({ range: doc.focusRange(doc.nodeAtPointer(problem.pointer)), message: `${problem.message}; found ${JSON.stringify(found)}.` });
    }
  },
};
