import { ruleList, suppressionRule } from './suppressionRule';

export const rule = suppressionRule({
  id: 'suppression-record',
  description: 'A suppression names the rules it accepts and gives a reason (and, in .github/readiness-suppressions.json, who approved it and until when); one that does not suppresses nothing.',
  defaultSeverity: 'error',
  select: (s) => s.problems.length > 0,
  check(suppression, report) {
    report({ range: suppression.range, message: `This suppression of ${ruleList(suppression)} suppresses nothing: ${suppression.problems.join('; ')}.` });
  },
});
