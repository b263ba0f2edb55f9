/** What a finding about required checks carries for its quick fixes (the diagnostic's `data`). */
export type CheckFix =
  /** Rename the required check (list entry, mapping key, policy document) to the name the job reports. */
  | { fix: 'renameCheck'; check: string; to: string }
  /** Give the job a `name:` so that it reports the required name. */
  | { fix: 'setJobName'; check: string; workflowFile: string; jobId: string }
  | { fix: 'pointJobId'; check: string; to: string }
  | { fix: 'pointWorkflow'; check: string; to: string }
  | { fix: 'addMapping'; check: string; workflow: string; jobId: string }
  | { fix: 'removeMapping'; check: string }
  | { fix: 'removeCheckEntry'; index: number }
  | { fix: 'addToPolicyDocument'; check: string }
  /** Add a check the branch's live rules require to the list, mapped to the one job that reports it, and to the policy document. */
  | { fix: 'addRequiredCheck'; check: string; mapping?: { workflow: string; jobId: string } }
  /** Remove a check the branch's live rules do not require, with its mapping. */
  | { fix: 'removeRequiredCheck'; check: string; index: number };

export interface CheckFixData {
  /** The required check (or mapping entry) the finding is about: a fix is verified against what is left about it. */
  check?: string;
  fixes: CheckFix[];
}

/** Rules whose findings are about one required check; a verified fix must leave none of them about its check. */
export const requiredCheckRules: ReadonlySet<string> = new Set(['required-check-mapping', 'required-check-workflow', 'required-check-name', 'required-check-trigger', 'required-check-policy-doc', 'workflow-required-job']);

/** The required check a finding is about, when it comes from a required-check rule. */
export function checkOf(finding: { rule: string; data?: unknown }): string | undefined {
  return requiredCheckRules.has(finding.rule) ? (finding.data as CheckFixData | undefined)?.check : undefined;
}
