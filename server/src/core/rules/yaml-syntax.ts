import type { Rule } from './rule';
import { reportSyntaxErrors } from './syntaxErrors';

export const rule: Rule = {
  id: 'yaml-syntax',
  description: 'Workflow files must be valid YAML without duplicate keys, as GitHub Actions requires.',
  defaultSeverity: 'error',
  fileLocal: 'yaml',
  workflowCheck: true,
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const errors = context.model.yaml(file)?.syntaxErrors ?? [];
    reportSyntaxErrors(errors, report, (count) => `…and ${count} more YAML errors after this one; fix the first ones and the rest may go away.`);
  },
};
