import { verifiedCheckFixes } from '../fixes/verify';
import type { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import { assessLiveRequiredChecks } from '../requiredChecks/liveChecks';
import { requiredChecksRule } from './requiredChecksRule';

export const rule = requiredChecksRule<CheckFixData>({
  id: 'ruleset-drift',
  description: "docs/required_status_checks.json must list exactly the checks the branch's rules on GitHub require.",
  defaultSeverity: 'error',
  fixes: verifiedCheckFixes,
  check(checks, report, context) {
    const live = context.model.snapshot.live;
    if (!live?.rules) return;
    const enforced = live.rules.requiredChecks;
    const listed = new Set(checks.checks.map((c) => c.name));
    // Classic protection the token cannot read may require what the rulesets do not: then an extra entry is only suspect.
    const hidden = live.classicProtection === 'not visible to this account';
    const where = `${live.repo} branch ${live.branch}`;
    for (const check of checks.checks) {
      if (enforced.some((e) => e.context === check.name)) continue;
      report({
        range: checks.doc.rangeOf(check.node),
        severity: hidden ? 'warning' : undefined,
        message: `"${check.name}" is listed as required, but the rules of ${where} do not require it${hidden ? ' (classic branch protection is not visible to this account, and may)' : ''}.`,
        data: { fixes: [{ fix: 'removeRequiredCheck', check: check.name, index: check.index }] } satisfies CheckFixData,
      });
    }
    const listRange = checks.doc.rangeNear(['required_status_checks']);
    const assessed = assessLiveRequiredChecks(context.model) ?? [];
    for (const required of enforced) {
      if (listed.has(required.context)) continue;
      listed.add(required.context);
      const reporters = assessed.find((a) => a.check.context === required.context)?.reporters ?? [];
      const fix: CheckFix = { fix: 'addRequiredCheck', check: required.context, ...(reporters.length === 1 ? { mapping: { workflow: reporters[0].workflow.fileName, jobId: reporters[0].job.id } } : {}) };
      report({
        range: listRange,
        message: `The rules of ${where} require "${required.context}" (${required.source}), but ${checks.file} does not list it.`,
        data: { fixes: [fix] } satisfies CheckFixData,
      });
    }
  },
});
