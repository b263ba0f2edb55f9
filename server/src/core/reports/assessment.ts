import type { JsonDocument } from '../parse/jsonDocument';
import { allowedValues, SchemaProblem, validateAgainstSchema } from '../schemas/registry';
import { baseName, WorkspaceModel } from '../workspace';
import { ReportKind, reportKindOf } from './catalog';

/** A report file read once: its parse, its kind, and whether it follows its contract. */
export interface ReportAssessment {
  file: string;
  doc: JsonDocument;
  kind?: ReportKind;
  schemaProblems: SchemaProblem[];
  /** Accepted contract strings, when the kind has a contract. */
  contracts?: readonly unknown[];
  /** Why the file cannot be trusted as evidence, if it cannot. */
  invalidBecause?: string;
}

const assessments = new WeakMap<JsonDocument, ReportAssessment>();

export function assessReport(model: WorkspaceModel, file: string): ReportAssessment | undefined {
  const doc = model.json(file);
  if (!doc) return undefined;
  let assessment = assessments.get(doc);
  if (!assessment) {
    assessment = assess(file, doc);
    assessments.set(doc, assessment);
  }
  return assessment;
}

/** Why a file that parses is still not evidence: an object with the same key twice. */
export function duplicateKeyReason(file: string, doc: JsonDocument): string | undefined {
  const [duplicate] = doc.duplicateKeys;
  if (!duplicate || doc.syntaxErrors.length > 0) return undefined;
  return `${baseName(file)} has the key "${duplicate.name}" twice in one object (line ${duplicate.first.start.line + 1} and line ${duplicate.range.start.line + 1}), so it says two things`;
}

function assess(file: string, doc: JsonDocument): ReportAssessment {
  const kind = reportKindOf(baseName(file));
  const saysTwoThings = duplicateKeyReason(file, doc);
  if (saysTwoThings) return { file, doc, kind, schemaProblems: [], invalidBecause: saysTwoThings };
  if (!doc.isValid) {
    const first = doc.syntaxErrors[0];
    const where = first ? ` (line ${first.range.start.line + 1})` : '';
    return { file, doc, kind, schemaProblems: [], invalidBecause: `${baseName(file)} is not valid JSON${where}` };
  }
  if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    return { file, doc, kind, schemaProblems: [], invalidBecause: `${baseName(file)}: the top-level value is not an object` };
  }
  if (!kind) return { file, doc, schemaProblems: [] };
  const schemaProblems = validateAgainstSchema(kind.schema, doc.value);
  const contracts = allowedValues(kind.schema, 'contract');
  const assessment: ReportAssessment = { file, doc, kind, schemaProblems, contracts };
  if (schemaProblems.length > 0) {
    const first = schemaProblems[0];
    const more = schemaProblems.length > 1 ? ` (and ${schemaProblems.length - 1} more)` : '';
    assessment.invalidBecause = `${baseName(file)} does not follow its contract: ${first.message}${more}`;
  }
  return assessment;
}
