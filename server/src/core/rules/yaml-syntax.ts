import type { Rule } from './rule';

export const rule: Rule = {
  id: 'yaml-syntax',
  description: 'Workflow files must be valid YAML without duplicate keys, as GitHub Actions requires.',
  defaultSeverity: 'error',
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const doc = context.model.yaml(file);
    for (const error of doc?.syntaxErrors ?? []) report({ range: error.range, message: error.message });
  },
};
