import type { Rule } from './rule';
import { reportSyntaxErrors } from './syntaxErrors';

export const rule: Rule = {
  id: 'json-syntax',
  description: 'Every JSON file the playbook reads must be strict JSON (no comments, no trailing commas, no truncation).',
  defaultSeverity: 'error',
  fileLocal: 'json',
  files: (context) => context.jsonFiles,
  check(context, file, report) {
    const doc = context.model.json(file);
    if (!doc) return;
    if (doc.text.trim() === '') return report({ range: doc.lines.range(0, 0), message: 'The file is empty; expected a JSON object.' });
    reportSyntaxErrors(doc.syntaxErrors, report, (count) => `…and ${count} more JSON errors after this one.`);
  },
};
