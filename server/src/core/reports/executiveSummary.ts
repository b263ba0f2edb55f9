import type { Range } from '../types';
import type { WorkspaceModel } from '../workspace';

export type SummaryEntryStatus = 'passed' | 'failed' | 'unverified' | 'unknown' | 'invalid' | 'missing';

const canonicalWords: Record<string, SummaryEntryStatus> = {
  passed: 'passed', pass: 'passed', ok: 'passed', healthy: 'passed', success: 'passed',
  failed: 'failed', fail: 'failed', error: 'failed', breach: 'failed',
  unverified: 'unverified', unknown: 'unverified', pending: 'unverified', partial: 'unverified', warning: 'unverified',
};

/**
 * What the summary generator records for one input file (artifact-contracts.md §2.14, `_canonical_status`),
 * and where the file's status is: a result kept per file, so that a summary checked again does not parse
 * the reports it lists.
 */
export function summaryEntryFor(model: WorkspaceModel, file: string): { status: SummaryEntryStatus; contract: unknown; statusRange?: Range } {
  return model.derived('summary-entry', file, () => {
    const doc = model.json(file);
    if (!doc) return { status: model.skippedReason(file) !== undefined ? 'invalid' : 'missing', contract: null };
    const statusRange = doc.rangeNear(['status']);
    if (!doc.isValid || doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) return { status: 'invalid', contract: null, statusRange };
    const report = doc.value as Record<string, unknown>;
    const raw = typeof report.status === 'string' ? report.status : typeof report.slo_status === 'string' ? report.slo_status : 'unknown';
    return { status: canonicalWords[raw.trim().toLowerCase()] ?? 'unknown', contract: report.contract ?? null, statusRange };
  });
}
