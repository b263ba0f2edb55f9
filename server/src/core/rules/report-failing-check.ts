import { assessReport } from '../reports/assessment';
import { failingEntries } from '../reports/invariants';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'report-failing-check',
  description: 'Each failing entry of a report (a check, a test execution, a readiness flag, an SLO breach, a non-passed summary entry) is shown where it is, with its detail.',
  defaultSeverity: 'error',
  fileLocal: 'json',
  playbook: true,
  files: (context) => context.reportFiles,
  check(context, file, report) {
    const assessment = assessReport(context.model, file);
    if (!assessment?.kind || !assessment.doc.isValid) return;
    const { doc } = assessment;
    for (const entry of failingEntries(assessment.kind.family, doc)) {
      // An unverified summary entry is a question to answer, not a failure.
      const soft = assessment.kind.family === 'executiveSummary' && entry.status !== 'failed' && entry.status !== 'invalid';
      report({
        range: doc.rangeNear(entry.path),
        message: `Failing: ${entry.label}${entry.detail ? ` — ${entry.detail.replace(/\.$/, '')}` : ''}.`,
        subject: entry.label,
        severity: soft ? 'warning' : undefined,
      });
    }
  },
};
