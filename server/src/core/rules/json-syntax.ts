import type { Rule } from './rule';

const maxReported = 20;

export const rule: Rule = {
  id: 'json-syntax',
  description: 'Every JSON file the playbook reads must be strict JSON (no comments, no trailing commas, no truncation).',
  defaultSeverity: 'error',
  files: (context) => context.jsonFiles,
  check(context, file, report) {
    const doc = context.model.json(file);
    if (!doc) return;
    if (doc.text.trim() === '') return report({ range: doc.lines.range(0, 0), message: 'The file is empty; expected a JSON object.' });
    // One truncation or stray character can cascade; the first errors say where to look.
    for (const error of doc.syntaxErrors.slice(0, maxReported)) report({ range: error.range, message: error.message });
    if (doc.syntaxErrors.length > maxReported) report({ range: doc.syntaxErrors[maxReported - 1].range, message: `…and ${doc.syntaxErrors.length - maxReported} more JSON errors after this one.`, severity: 'information' });
  },
};
