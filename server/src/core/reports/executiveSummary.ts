import type { WorkspaceModel } from '../workspace';

export type SummaryEntryStatus = 'passed' | 'failed' | 'unverified' | 'unknown' | 'invalid' | 'missing';

const canonicalWords: Record<string, SummaryEntryStatus> = {
  passed: 'passed', pass: 'passed', ok: 'passed', healthy: 'passed', success: 'passed',
  failed: 'failed', fail: 'failed', error: 'failed', breach: 'failed',
  unverified: 'unverified', unknown: 'unverified', pending: 'unverified', partial: 'unverified', warning: 'unverified',
};

/** What the summary generator records for one input file (artifact-contracts.md §2.14, `_canonical_status`). */
export function summaryEntryFor(model: WorkspaceModel, file: string): { status: SummaryEntryStatus; contract: unknown } {
  const doc = model.json(file);
  if (!doc) return { status: model.skippedReason(file) !== undefined ? 'invalid' : 'missing', contract: null };
  if (!doc.isValid || doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) return { status: 'invalid', contract: null };
  const report = doc.value as Record<string, unknown>;
  const raw = typeof report.status === 'string' ? report.status : typeof report.slo_status === 'string' ? report.slo_status : 'unknown';
  return { status: canonicalWords[raw.trim().toLowerCase()] ?? 'unknown', contract: report.contract ?? null };
}
