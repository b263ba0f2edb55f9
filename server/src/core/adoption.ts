import { defaultPolicy, evidencePaths, Policy, workspacePolicyFile } from './policy/policy';
import { reportedCheckNames } from './workflow/checkNames';
import { canBeFalse, runsAfterFailedDependency } from './workflow/expressions';
import { readWorkflows, runsOnEveryPullRequest, workflowFinder } from './workflow/workflowModel';
import type { PlaybookMode } from './types';
import type { WorkspaceModel } from './workspace';

/** `readiness.playbook` / `--playbook`: decide from the repository, or say so. */
export const playbookSettings = ['auto', 'adopted', 'off'] as const;
export type PlaybookSetting = (typeof playbookSettings)[number];

/**
 * A repository adopts the playbook by keeping a policy file, by holding the playbook's artifacts (known
 * reports, CI evidence, exception records, the branch protection policy document), or by the setting.
 */
export function playbookMode(model: WorkspaceModel, policy: Policy, policyFile: string | undefined, reportFiles: readonly string[], setting: PlaybookSetting = 'auto', notEvidence: ReadonlySet<string> = new Set()): PlaybookMode {
  if (setting === 'adopted') return { playbook: 'adopted', reason: 'readiness.playbook is "adopted"' };
  if (setting === 'off') return { playbook: 'not-adopted', reason: 'readiness.playbook is "off"' };
  if (policyFile && model.match(policyFile).length > 0) return { playbook: 'adopted', reason: `${policyFile} is present` };
  const artifact = [...reportFiles, ...playbookArtifacts(policy).flatMap((path) => model.match(path))].find((file) => !notEvidence.has(file));
  if (artifact) return { playbook: 'adopted', reason: `${artifact} is a playbook artifact` };
  return { playbook: 'not-adopted', reason: `no ${workspacePolicyFile} and no playbook artifacts` };
}

/** Files only a repository that follows the playbook has: not the required-checks file, which any repository may keep. */
function playbookArtifacts(policy: Policy): string[] {
  const named = [...evidencePaths(policy), policy.branchProtection?.policyDocument];
  return named.filter((p): p is string => p !== undefined && p !== policy.branchProtection?.requiredChecks);
}

/** A file `adopt` writes, with its text; written only where no such file exists. */
export interface StarterFile {
  path: string;
  text: string;
}

/** What adopting the playbook writes, and the jobs left out of the required checks with the reason. */
export interface Adoption {
  files: StarterFile[];
  /** Files already there, left as they are. */
  existing: string[];
  requiredChecks: string[];
  leftOut: { workflow: string; job: string; reason: string }[];
}

/**
 * The starter files of adoption, computed from the workspace: the reference playbook as the policy, and
 * the required checks with the names GitHub will report for the jobs that report on every pull request.
 */
export function adoptionFiles(model: WorkspaceModel, policy: Policy = defaultPolicy): Adoption {
  const workflows = readWorkflows(model);
  const findWorkflow = workflowFinder(workflows);
  const checks: string[] = [];
  const mapping: Record<string, { workflow: string; job_id: string }> = {};
  const leftOut: Adoption['leftOut'] = [];
  for (const workflow of workflows) {
    if (!runsOnEveryPullRequest(workflow)) continue;
    for (const job of workflow.jobs) {
      const skip = (reason: string) => leftOut.push({ workflow: workflow.fileName, job: job.id, reason });
      const reported = reportedCheckNames(job, findWorkflow);
      if (reported.unresolved) {
        skip(`its check names cannot be computed: ${reported.unresolved}`);
        continue;
      }
      if (job.needs.length > 0 && !runsAfterFailedDependency(job.if)) {
        skip(`it needs ${job.needs.join(', ')} without if: always(), so it is skipped (and counts as passing) when they fail`);
        continue;
      }
      if (job.matrix !== undefined && canBeFalse(job.if)) {
        skip('its matrix is skipped under one unexpanded name when its if: is false');
        continue;
      }
      for (const name of reported.names) {
        if (mapping[name]) continue;
        checks.push(name);
        mapping[name] = { workflow: workflow.fileName, job_id: job.id };
      }
    }
  }
  const starters: StarterFile[] = [{ path: workspacePolicyFile, text: `${JSON.stringify(policy, null, 2)}\n` }];
  const requiredChecksFile = policy.branchProtection?.requiredChecks;
  if (requiredChecksFile) starters.push({ path: requiredChecksFile, text: `${JSON.stringify({ required_status_checks: checks, check_job_mapping: mapping }, null, 2)}\n` });
  const policyDocument = policy.branchProtection?.policyDocument;
  if (policyDocument) starters.push({ path: policyDocument, text: policyDocumentText(policy, checks, mapping) });
  return {
    files: starters.filter((f) => !model.exists(f.path)),
    existing: starters.filter((f) => model.exists(f.path)).map((f) => f.path),
    requiredChecks: checks,
    leftOut,
  };
}

function policyDocumentText(policy: Policy, checks: string[], mapping: Record<string, { workflow: string }>): string {
  const phrases = policy.branchProtection?.phrases ?? [];
  return [
    '# Branch Protection Policy',
    '',
    'The merge controls that must be active on the release branch. Only a repository admin can apply them',
    '(Settings → Rules → Rulesets).',
    '',
    '## Required Settings',
    '',
    ...phrases.map((phrase, i) => `${i + 1}. **${phrase}**`),
    '',
    '## Required Status Checks',
    '',
    `They must match \`${policy.branchProtection?.requiredChecks}\` exactly.`,
    '',
    ...checks.map((check) => `- \`${check}\` (${mapping[check].workflow})`),
    '',
  ].join('\n');
}
