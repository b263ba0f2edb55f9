import type { Finding, WorkspaceResult } from '../types';
import { ParseCache, WorkspaceSnapshot } from '../workspace';
import { fixContext, quickFixes } from './index';
import { FixContext, FixOptions, withEdits } from './verify';
import type { QuickFix } from './textEdit';

export interface AppliedFix {
  title: string;
  /** The finding the fix was for. */
  finding: Finding;
}

export interface FixAllResult {
  /** Files the fixes changed → their new text. */
  changed: Map<string, string>;
  applied: AppliedFix[];
  /** The workspace checked after the last fix. */
  result: WorkspaceResult;
  /** Required-check findings (errors and warnings) still there. */
  remaining: Finding[];
}

/** Fix-all gives up after this many fixes: each one clears a problem, so real workspaces need far fewer. */
export const maxFixAllSteps = 200;

const isCheckProblem = (f: Finding) => f.check !== undefined && (f.severity === 'error' || f.severity === 'warning');

/** The preferred fix of the first required-check finding that has one. */
function nextFix(context: FixContext): { fix: QuickFix; finding: Finding } | undefined {
  for (const finding of context.result.findings) {
    if (!isCheckProblem(finding)) continue;
    const fix = quickFixes(finding, context).find((f) => f.isPreferred);
    if (fix) return { fix, finding };
  }
  return undefined;
}

/**
 * Check-name drift fixed one preferred fix at a time, re-checking after each (every fix was verified on the
 * workspace as it stood then). Pure: returns the new texts, writes nothing.
 */
export function fixAll(snapshot: WorkspaceSnapshot, options: FixOptions = {}): FixAllResult {
  const cache = new ParseCache(options.cache);
  let current = snapshot;
  let context = fixContext(current, { ...options, cache });
  const applied: AppliedFix[] = [];
  const edited = new Set<string>();
  for (let step = 0; step < maxFixAllSteps; step++) {
    const next = nextFix(context);
    if (!next) break;
    applied.push({ title: next.fix.title, finding: next.finding });
    current = withEdits(current, next.fix.edits);
    for (const edit of next.fix.edits) edited.add(edit.file);
    context = fixContext(current, { ...options, cache });
  }
  const changed = new Map<string, string>();
  for (const file of edited) {
    const text = current.files.get(file)!;
    if (snapshot.files.get(file) !== text) changed.set(file, text);
  }
  return { changed, applied, result: context.result, remaining: context.result.findings.filter(isCheckProblem) };
}
