import type { CheckFixData } from '../requiredChecks/fixData';
import { requiredChecksRule } from './requiredChecksRule';

export const rule = requiredChecksRule({
  id: 'ruleset-drift',
  description: "docs/required_status_checks.json must list exactly the checks the branch's rules on GitHub require.",
  defaultSeverity: 'error',
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
    for (const required of enforced) {
      if (listed.has(required.context)) continue;
      listed.add(required.context);
      report({
        range: listRange,
        message: `The rules of ${where} require "${required.context}" (${required.source}), but ${checks.file} does not list it.`,
        data: { fixes: [{ fix: 'addRequiredCheck', check: required.context }] } satisfies CheckFixData,
      });
    }
  },
});
