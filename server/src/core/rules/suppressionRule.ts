import type { Suppression } from '../suppressions/suppressions';
import type { Emit, Rule, RuleContext } from './rule';

/** A rule over the suppressions that `select` picks: checked in the files they are written in. */
export function suppressionRule(definition: Omit<Rule, 'files' | 'check'> & { select(suppression: Suppression, context: RuleContext): boolean; check(suppression: Suppression, report: Emit, context: RuleContext): void }): Rule {
  const { select, check, ...rest } = definition;
  return {
    ...rest,
    files: (context) => [...new Set(context.suppressions.filter((s) => select(s, context)).map((s) => s.file))],
    check(context, file, report) {
      for (const suppression of context.suppressions) if (suppression.file === file && select(suppression, context)) check(suppression, report, context);
    },
  };
}

export const ruleList = (s: Suppression) => s.rules.join(', ') || 'no rule';
