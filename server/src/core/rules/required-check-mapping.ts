import { verifiedCheckFixes } from '../fixes/verify';
import { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import { reportersByName } from '../requiredChecks/model';
import { requiredChecksRule } from './requiredChecksRule';

export const rule = requiredChecksRule<CheckFixData>({
  id: 'required-check-mapping',
  description: 'Every required status check has exactly one check_job_mapping entry, every mapping entry is for a required check, and no check is listed twice.',
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  check(checks, report) {
    const { doc } = checks;
    const required = new Set<string>();
    for (const check of checks.checks) {
      if (required.has(check.name)) {
        report({ range: doc.rangeOf(check.node), message: `"${check.name}" is listed twice in required_status_checks.`, severity: 'warning', check: check.name, data: { fixes: [{ fix: 'removeCheckEntry', index: check.index }] } satisfies CheckFixData });
      }
      required.add(check.name);
    }
    const mapped = new Set<string>();
    // A mapping key given twice is json-duplicate-key's finding.
    for (const entry of checks.mapping) {
      mapped.add(entry.name);
      if (!required.has(entry.name)) {
        report({
          range: doc.rangeOf(entry.keyNode),
          message: `Stale mapping: "${entry.name}" is not a required status check.`,
          severity: 'warning',
          check: entry.name, data: { fixes: [{ fix: 'removeMapping', check: entry.name }] } satisfies CheckFixData,
        });
      }
    }
    const reported = new Set<string>();
    for (const check of checks.checks) {
      if (mapped.has(check.name) || reported.has(check.name)) continue;
      reported.add(check.name);
      const fixes: CheckFix[] = (reportersByName(checks).get(check.name) ?? [])
        .map((r) => ({ fix: 'addMapping', check: check.name, workflow: r.workflow.fileName, jobId: r.job.id }));
      const where = fixes.length > 0 ? ` It is reported by ${fixes.map((f) => f.fix === 'addMapping' && `${f.workflow} job ${f.jobId}`).join(', ')}.` : ' No workflow job reports this name.';
      report({ range: doc.rangeOf(check.node), message: `Required check "${check.name}" has no check_job_mapping entry.${where}`, check: check.name, data: { fixes } satisfies CheckFixData });
    }
  },
});

