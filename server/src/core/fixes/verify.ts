import type { CheckOptions } from '../engine';
import type { Policy } from '../policy/policy';
import type { CheckFix, CheckFixData } from '../requiredChecks/fixData';
import type { Finding, WorkspaceResult } from '../types';
import { LayeredTexts } from '../texts';
import { ParseCache, WorkspaceModel, WorkspaceSnapshot } from '../workspace';
import { checkFixEdits, fixTitle } from './checkFixes';
import { applyEdits, FileEdit, QuickFix } from './textEdit';

export interface FixOptions extends CheckOptions {
  /** Checks GitHub enforces (default: the branch's live rules, when read): a fix that renames one of them is not preferred. */
  enforcedChecks?: readonly string[];
}

/** A checked workspace, with what its fixes need to be re-checked the same way. */
export interface FixContext {
  model: WorkspaceModel;
  policy: Policy;
  result: WorkspaceResult;
  options: FixOptions;
  /** The engine's check, handed in (the engine reads the rules, whose fixes are verified here). */
  recheck(snapshot: WorkspaceSnapshot, options: CheckOptions): WorkspaceResult;
}

/** The snapshot with the edits applied: an in-memory overlay, the files on disk stay as they are. */
export function withEdits(snapshot: WorkspaceSnapshot, edits: readonly FileEdit[]): WorkspaceSnapshot {
  const edited = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.file))) {
    edited.set(file, applyEdits(snapshot.files.get(file) ?? '', edits.filter((e) => e.file === file)));
  }
  return { ...snapshot, files: new LayeredTexts(edited, snapshot.files) };
}

type Outcome = { kind: 'clean' } | { kind: 'leaves'; left: Finding } | { kind: 'breaks' };

const isProblem = (f: Finding) => f.severity === 'error' || f.severity === 'warning';
/** Errors are compared by what they are about, not where: an edit moves the lines below it. */
const errorKey = (f: Finding) => `${f.rule}\u0000${f.file}\u0000${f.check ?? f.message}`;

/**
 * Re-checks the workspace with the edits applied. Clean: no error or warning is left about the fix's
 * checks and no error appeared anywhere else; leaves: a problem about its checks remains; breaks: an error
 * that was not there before.
 */
function verify(edits: readonly FileEdit[], checks: ReadonlySet<string>, context: FixContext): Outcome {
  const key = JSON.stringify([[...checks], edits]);
  let memo = outcomes.get(context.result);
  if (!memo) outcomes.set(context.result, (memo = new Map()));
  const known = memo.get(key);
  if (known) return known;
  const after = context.recheck(withEdits(context.model.snapshot, edits), { ...context.options, cache: new ParseCache(context.options.cache) });
  const baseline = new Map<string, number>();
  for (const f of context.result.findings) if (f.severity === 'error') baseline.set(errorKey(f), (baseline.get(errorKey(f)) ?? 0) + 1);
  let left: Finding | undefined;
  let outcome: Outcome = { kind: 'clean' };
  for (const finding of after.findings) {
    if (finding.check !== undefined && checks.has(finding.check)) {
      if (isProblem(finding)) left ??= finding;
      continue;
    }
    if (finding.severity !== 'error') continue;
    const remaining = baseline.get(errorKey(finding)) ?? 0;
    if (remaining === 0) {
      outcome = { kind: 'breaks' };
      break;
    }
    baseline.set(errorKey(finding), remaining - 1);
  }
  if (outcome.kind === 'clean' && left) outcome = { kind: 'leaves', left };
  memo.set(key, outcome);
  return outcome;
}

/** Verdicts are kept per checked workspace: a code-action request after the next keystroke re-verifies. */
const outcomes = new WeakMap<WorkspaceResult, Map<string, Outcome>>();

/** The check a fix renames although the branch's live rules enforce it (and not the new name). */
function renamesEnforced(fix: CheckFix, enforced: ReadonlySet<string> | undefined): string | undefined {
  return enforced && fix.fix === 'renameCheck' && enforced.has(fix.check) && !enforced.has(fix.to) ? fix.check : undefined;
}

function brief(message: string): string {
  const sentence = message.split(/(?<=[.:;])\s/)[0].replace(/[.:;]$/, '');
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence;
}

/**
 * The fixes of a required-check finding, each verified on an overlay of the workspace: clean fixes first
 * (those agreeing with the live rules before those that rename an enforced check), then those that leave a
 * problem, named in the title; fixes that add an error are not offered. Preferred: the first clean fix that
 * agrees with the live rules and is the only clean one of its kind (else the choice is the user's).
 */
export function verifiedCheckFixes(finding: Finding<CheckFixData>, context: FixContext): QuickFix[] {
  const data = finding.data;
  // Checks GitHub enforces: as given, else the branch's live rules when they were read.
  const enforcedChecks = context.options.enforcedChecks ?? context.model.snapshot.live?.rules?.requiredChecks.map((check) => check.context);
  const enforced = enforcedChecks ? new Set(enforcedChecks) : undefined;
  const candidates = (data?.fixes ?? []).flatMap((fix) => {
    const edits = checkFixEdits(fix, context.model, context.policy);
    if (edits.length === 0) return [];
    const checks = new Set([finding.check, 'check' in fix ? fix.check : undefined, fix.fix === 'renameCheck' ? fix.to : undefined].filter((c): c is string => c !== undefined));
    const outcome = verify(edits, checks, context);
    if (outcome.kind === 'breaks') return [];
    const enforcedRenamed = renamesEnforced(fix, enforced);
    const rank = outcome.kind === 'leaves' ? 2 : enforcedRenamed ? 1 : 0;
    const note = outcome.kind === 'leaves' ? ` (leaves ${outcome.left.rule}: ${brief(outcome.left.message)})` : enforcedRenamed ? ` (GitHub enforces "${enforcedRenamed}")` : '';
    return [{ fix, rank, quickFix: { title: `${fixTitle(fix, context.policy)}${note}`, edits } }];
  });
  const ordered = candidates.map((c, index) => ({ ...c, index })).sort((a, b) => a.rank - b.rank || a.index - b.index);
  const agreeing = ordered.filter((c) => c.rank === 0);
  const preferred = agreeing.find((c) => agreeing.filter((other) => other.fix.fix === c.fix.fix).length === 1);
  const inOrder = preferred ? [preferred, ...ordered.filter((c) => c !== preferred)] : ordered;
  return inOrder.map((c) => ({ ...c.quickFix, isPreferred: c === preferred }));
}
