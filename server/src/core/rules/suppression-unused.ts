import { isExpired } from '../suppressions/suppressions';
import { rules } from './index';
import { ruleList, suppressionRule } from './suppressionRule';

export const rule = suppressionRule({
  id: 'suppression-unused',
  description: 'A suppression that accepts no finding (a rule id that does not exist, a control id, a finding fixed since) is removed, so it cannot hide a new finding later.',
  defaultSeverity: 'warning',
  afterSuppressions: true,
  select: (s, context) => s.problems.length === 0 && !isExpired(s, context.model.now) && !context.usedSuppressions?.has(s),
  check(suppression, report, context) {
    const controls = suppression.rules.filter((id) => context.policy.controls.some((c) => c.id === id));
    const unknown = suppression.rules.filter((id) => !controls.includes(id) && !rules.some((r) => r.id === id));
    const why =
      controls.length > 0
        ? ` ${controls.map((id) => `"${id}"`).join(', ')} is a control of the playbook: a suppression hides findings, never a control's state; only a §2.5 exception record waives a control.`
        : unknown.length > 0
          ? ` There is no rule ${unknown.map((id) => `"${id}"`).join(', ')}.`
          : ' Remove it, so that it cannot hide a new finding later.';
    report({ range: suppression.range, message: `This suppression of ${ruleList(suppression)} matches no finding in ${suppression.target.file || 'any file'}.${why}` });
  },
});
