import { readRequiredChecks, RequiredChecksModel, requiredChecksFiles } from '../requiredChecks/model';
import type { Emit, Rule, RuleContext } from './rule';

/** A rule over docs/required_status_checks.json joined with the workflows: checked when the file is there and parses. */
export function requiredChecksRule<Data = unknown>(definition: Omit<Rule<Data>, 'files' | 'check'> & { check(checks: RequiredChecksModel, report: Emit<Data>, context: RuleContext): void }): Rule<Data> {
  const { check, ...rest } = definition;
  return {
    ...rest,
    files: (context) => requiredChecksFiles(context.model, context.policy),
    check(context, _file, report) {
      const checks = readRequiredChecks(context.model, context.policy);
      if (checks) check(checks, report, context);
    },
  };
}
