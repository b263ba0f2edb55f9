import type { Rule } from './rule';

export const rule: Rule = {
  id: 'file-not-read',
  description: 'A file the playbook needs was not validated (too large, binary, not UTF-8, a directory, or a link leaving the workspace); it says why.',
  defaultSeverity: 'warning',
  files: (context) => [...(context.model.snapshot.skipped?.keys() ?? [])],
  check(context, file, report) {
    const reason = context.model.snapshot.skipped!.get(file)!;
    report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `Not validated: ${reason}.` });
  },
};
