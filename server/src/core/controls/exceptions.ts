import type { JsonPath } from '../parse/jsonDocument';
import type { ExceptionWindow, Policy } from '../policy/policy';
import { validateAgainstSchema } from '../schemas/registry';
import type { WorkspaceModel } from '../workspace';

export interface ExceptionRecord {
  check_id: string;
  approved_by: string;
  reason: string;
  expires_at: string;
  verified_with?: string;
  evidence_url?: string;
}

export interface RecordProblem {
  path: JsonPath;
  message: string;
  /** A record for something that is not a control (the release gate reads the same file): reported, not an error. */
  notForPolicy?: boolean;
}

/** One record of the exception file, judged: a record with any problem grants nothing. */
export interface AssessedRecord {
  index: number;
  record: Partial<ExceptionRecord>;
  problems: RecordProblem[];
}

const completeFields = ['check_id', 'approved_by', 'reason', 'expires_at', 'verified_with', 'evidence_url'] as const;

/** The records of the policy's exception file, each with what makes it grant nothing. */
export function assessExceptionRecords(model: WorkspaceModel, policy: Policy): AssessedRecord[] {
  const window = policy.exceptions;
  if (!window) return [];
  // Kept until the file changes or a record expires: the same records, so what is worked out of them is kept too.
  return model.derived('exception-records', window.file, () => assessRecords(model, policy, window));
}

function assessRecords(model: WorkspaceModel, policy: Policy, window: ExceptionWindow): AssessedRecord[] {
  const doc = model.json(window.file);
  if (!doc?.isValid) return [];
  const records = doc.valueAt(['exceptions']);
  if (!Array.isArray(records)) return [];
  const controlIds = new Set(policy.controls.map((c) => c.id));
  return records.map((raw, index) => {
    const record = (raw !== null && typeof raw === 'object' ? raw : {}) as Partial<ExceptionRecord>;
    const at = (field?: string): JsonPath => (field ? ['exceptions', index, field] : ['exceptions', index]);
    const problems: RecordProblem[] = [];
    const id = record.check_id;
    if (typeof id === 'string' && id.trim() !== '' && !controlIds.has(id)) {
      // The release gate's exceptions live in the same file under its own check ids (artifact-contracts §3.5).
      problems.push({ path: at('check_id'), message: `"${id}" is not a control of policy ${policy.policy}; this record grants nothing to the playbook verdict (the release gate may still apply it).`, notForPolicy: true });
      return { index, record, problems };
    }
    const missing = completeFields.filter((field) => typeof record[field] !== 'string' || record[field]!.trim() === '');
    if (missing.length > 0) {
      problems.push({ path: at(), message: `Incomplete exception record: ${missing.map((f) => `"${f}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing or empty.` });
    }
    if (typeof id === 'string' && id.trim() !== '' && !window.controls.includes(id)) {
      problems.push({ path: at('check_id'), message: `Control "${id}" is outside the exception window: only ${window.controls.join(', ')} may be waived.` });
    }
    if (typeof record.expires_at === 'string' && record.expires_at.trim() !== '') {
      const expires = parseUtc(record.expires_at);
      if (expires === undefined) {
        problems.push({ path: at('expires_at'), message: `expires_at "${record.expires_at}" is not an ISO-8601 date-time.` });
      } else if (model.isPast(expires - 1)) {
        problems.push({ path: at('expires_at'), message: `Exception expired at ${record.expires_at}; it grants nothing.` });
      }
    }
    if (window.runbook && typeof record.verified_with === 'string' && record.verified_with.trim() !== '' && !record.verified_with.includes(window.runbook)) {
      problems.push({ path: at('verified_with'), message: `verified_with must name the runbook ${window.runbook}.` });
    }
    return { index, record, problems };
  });
}

/** Schema problems of the exception file as a whole (wrong top-level shape). */
export function exceptionFileShapeProblems(model: WorkspaceModel, policy: Policy) {
  const doc = policy.exceptions && model.json(policy.exceptions.file);
  if (!doc?.isValid) return [];
  return validateAgainstSchema('release_exceptions', doc.value).filter((p) => !/^\/exceptions\/\d+/.test(p.pointer));
}

/** Milliseconds since the epoch of an ISO-8601 date-time with a zone, else undefined. */
function parseUtc(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
  const time = Date.parse(text.trim());
  return Number.isNaN(time) ? undefined : time;
}
