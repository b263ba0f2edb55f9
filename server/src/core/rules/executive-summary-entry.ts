import { reportKindOf } from '../reports/catalog';
import { baseName } from '../workspace';
import { relocatePath } from '../policy/policy';
import { summaryEntryFor } from '../reports/executiveSummary';
import { derivedValueFixes, DerivedValueFixData } from './expectations';
import type { Rule } from './rule';

export const rule: Rule<DerivedValueFixData> = {
  id: 'executive-summary-entry',
  description: 'Each entry of an executive summary must record the status (canonicalised as the generator does) and contract of the file it names, as that file is now.',
  defaultSeverity: 'error',
  playbook: true,
  files: (context) => context.reportFiles.filter((file) => reportKindOf(baseName(file))?.family === 'executiveSummary'),
  check(context, file, report) {
    const doc = context.model.json(file)!;
    const entries = doc.valueAt(['reports']);
    if (!Array.isArray(entries)) return;
    entries.forEach((raw: { path?: unknown; status?: unknown; contract?: unknown }, index) => {
      if (typeof raw?.path !== 'string') return;
      const entry = { ...raw, path: relocatePath(context.policy, raw.path) };
      const actual = summaryEntryFor(context.model, entry.path);
      const related = actual.statusRange ? [{ file: entry.path, range: actual.statusRange, message: 'the summarised report' }] : undefined;
      if (entry.status !== actual.status) {
        report({
          range: doc.rangeNear(['reports', index, 'status']),
          message: `${entry.path} is ${actual.status} now, but the summary records ${JSON.stringify(entry.status)}; regenerate the summary.`,
          data: { path: ['reports', index, 'status'], expected: actual.status } satisfies DerivedValueFixData,
          related,
        });
      }
      if (actual.status !== 'missing' && actual.status !== 'invalid' && entry.contract !== actual.contract) {
        report({
          range: doc.rangeNear(['reports', index, 'contract']),
          message: `${entry.path} has contract ${JSON.stringify(actual.contract)}, but the summary records ${JSON.stringify(entry.contract)}.`,
          data: { path: ['reports', index, 'contract'], expected: actual.contract } satisfies DerivedValueFixData,
          related,
        });
      }
    });
  },
  fixes: derivedValueFixes,
};
