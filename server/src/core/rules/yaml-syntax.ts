import type { Rule } from './rule';

const maxReported = 20;

export const rule: Rule = {
  id: 'yaml-syntax',
  description: 'Workflow files must be valid YAML without duplicate keys, as GitHub Actions requires.',
  defaultSeverity: 'error',
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const errors = context.model.yaml(file)?.syntaxErrors ?? [];
    // One broken line can cascade into hundreds of errors; the first few say where to look.
    for (const error of errors.slice(0, maxReported)) report({ range: error.range, message: error.message });
    if (errors.length > maxReported) {
      const last = errors[maxReported - 1];
      report({ range: last.range, message: `…and ${errors.length - maxReported} more YAML errors after this one; fix the first ones and the rest may go away.`, severity: 'information' });
    }
  },
};
