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

/** The fixes of a required-check finding (the diagnostic's `data`); the check it is about is Finding.check. */
export interface CheckFixData {
  fixes: CheckFix[];
}
