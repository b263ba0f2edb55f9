import type { Rule } from './rule';

export const rule: Rule = {
  id: 'control-acceptance',
  description: 'The evidence of a playbook control must meet the policy\'s acceptance criteria (e.g. §2.3: summary.execution_complete = true).',
  defaultSeverity: 'error',
  files: (context) => [...new Set(context.evaluation.unmet.map((u) => u.file))],
  check(context, file, report) {
    const required = new Map(context.evaluation.results.map((r) => [r.id, r.required]));
    for (const unmet of context.evaluation.unmet.filter((u) => u.file === file)) {
      report({
        range: unmet.range,
        message: `${unmet.message} (control ${unmet.controlId}).`,
        // §4 and §5 items are reported, not gating.
        severity: required.get(unmet.controlId) ? undefined : 'warning',
      });
    }
  },
};
