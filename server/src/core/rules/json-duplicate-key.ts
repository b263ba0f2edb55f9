import type { Rule } from './rule';

export const rule: Rule = {
  id: 'json-duplicate-key',
  description: 'An object in a JSON file the playbook reads must not have the same key twice: readers disagree on which value counts, so the file says two things.',
  defaultSeverity: 'error',
  fileLocal: 'json',
  files: (context) => context.jsonFiles,
  check(context, file, report) {
    for (const duplicate of context.model.json(file)?.duplicateKeys ?? []) {
      report({
        range: duplicate.range,
        message: `Duplicate key "${duplicate.name}": this object already has it at line ${duplicate.first.start.line + 1}. Readers disagree on which value counts (JSON.parse and Python keep the last, others the first), so the file is not evidence until one of them is removed.`,
        related: [{ file, range: duplicate.first, message: `first "${duplicate.name}"` }],
      });
    }
  },
};
