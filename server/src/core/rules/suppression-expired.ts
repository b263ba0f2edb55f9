import { isExpired } from '../suppressions/suppressions';
import { ruleList, suppressionRule } from './suppressionRule';

export const rule = suppressionRule({
  id: 'suppression-expired',
  description: 'A suppression past its expiry date suppresses nothing: the findings it accepted are reported again.',
  defaultSeverity: 'error',
  select: (s, context) => s.problems.length === 0 && isExpired(s, context.model.now),
  check(suppression, report) {
    report({ range: suppression.range, message: `This suppression of ${ruleList(suppression)} expired (${suppression.until}); the findings it accepted are reported again. Fix them, or renew it with a reason that still holds.` });
  },
});
