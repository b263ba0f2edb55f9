import { assessReport } from '../reports/assessment';
import { setJsonValueFix } from '../fixes/jsonValueFix';
import { at, Rule } from './rule';

export interface ContractFixData {
  expected: string;
}

export const rule: Rule<ContractFixData> = {
  id: 'report-contract',
  description: 'A report must carry the contract string its producer writes (e.g. "replay_determinism_v1").',
  defaultSeverity: 'error',
  fileLocal: 'json',
  playbook: true,
  files: (context) => context.reportFiles,
  check(context, file, report) {
    const assessment = assessReport(context.model, file);
    const contracts = assessment?.contracts;
    if (!assessment?.doc.isValid || !contracts) return;
    const actual = assessment.doc.valueAt(['contract']);
    if (contracts.includes(actual)) return;
    const expected = String(contracts[0]);
    const message =
      actual === undefined
        ? `Missing "contract": expected "${expected}".`
        : `Contract ${JSON.stringify(actual)} is not ${contracts.map((c) => `"${String(c)}"`).join(' or ')}; the file is not the report its name says.`;
    report(at(assessment.doc, ['contract'], message, { data: { expected } }));
  },
  fixes: (finding, { model }) => (finding.data ? setJsonValueFix(model, finding.file, ['contract'], finding.data.expected, `Set contract to "${finding.data.expected}"`) : []),
};
