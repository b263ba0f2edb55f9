import type { Rule } from './rule';
import { rule as controlAcceptance } from './control-acceptance';
import { rule as exceptionRecord } from './exception-record';
import { rule as executiveSummaryEntry } from './executive-summary-entry';
import { rule as executiveSummaryInputs } from './executive-summary-inputs';
import { rule as fileNotRead } from './file-not-read';
import { rule as jsonDuplicateKey } from './json-duplicate-key';
import { rule as jsonSyntax } from './json-syntax';
import { rule as policyReference } from './policy-reference';
import { rule as requiredCheckMapping } from './required-check-mapping';
import { rule as requiredCheckWorkflow } from './required-check-workflow';
import { rule as requiredCheckName } from './required-check-name';
import { rule as requiredCheckTrigger } from './required-check-trigger';
import { rule as requiredCheckPolicyDoc } from './required-check-policy-doc';
import { rule as requiredCheckSkippedMatrix } from './required-check-skipped-matrix';
import { rule as workflowRequiredJob } from './workflow-required-job';
import { rule as workflowPlaybookJob } from './workflow-playbook-job';
import { rule as workflowEvidenceArtifact } from './workflow-evidence-artifact';
import { rule as requiredJobNeedsAlways } from './required-job-needs-always';
import { rule as reportContract } from './report-contract';
import { rule as reportExecutionComplete } from './report-execution-complete';
import { rule as reportFailingCheck } from './report-failing-check';
import { rule as reportStatusConsistency } from './report-status-consistency';
import { rule as reportStatusValue } from './report-status-value';
import { rule as reportSummaryCounts } from './report-summary-counts';
import { rule as schemaViolation } from './schema-violation';
import { rule as workflowMatrixEmptyAxis } from './workflow-matrix-empty-axis';
import { rule as workflowMatrixLimit } from './workflow-matrix-limit';
import { rule as workflowMatrixShape } from './workflow-matrix-shape';
import { rule as suppressionExpired } from './suppression-expired';
import { rule as suppressionRecord } from './suppression-record';
import { rule as suppressionUnused } from './suppression-unused';
import { rule as workflowPythonSyntax } from './workflow-python-syntax';
import { rule as yamlSyntax } from './yaml-syntax';
import { rule as rulesetCheckUnreported } from './ruleset-check-unreported';
import { rule as rulesetDrift } from './ruleset-drift';
import { rule as rulesetMergeQueueTrigger } from './ruleset-merge-queue-trigger';
import { rule as rulesetCheckSource } from './ruleset-check-source';
import { rule as pullRequestCheckDropped } from './pull-request-check-dropped';

/** Every rule, in the order their findings are listed for one file. */
// Each rule's data type is its own; the list holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rules: readonly Rule<any>[] = [
  fileNotRead,
  jsonSyntax,
  jsonDuplicateKey,
  yamlSyntax,
  schemaViolation,
  reportContract,
  reportStatusValue,
  reportStatusConsistency,
  reportSummaryCounts,
  reportExecutionComplete,
  reportFailingCheck,
  controlAcceptance,
  executiveSummaryEntry,
  executiveSummaryInputs,
  exceptionRecord,
  policyReference,
  requiredCheckMapping,
  requiredCheckWorkflow,
  requiredCheckName,
  requiredCheckTrigger,
  requiredCheckSkippedMatrix,
  requiredCheckPolicyDoc,
  workflowRequiredJob,
  workflowPlaybookJob,
  workflowEvidenceArtifact,
  requiredJobNeedsAlways,
  workflowMatrixLimit,
  workflowMatrixEmptyAxis,
  workflowMatrixShape,
  workflowPythonSyntax,
  rulesetCheckUnreported,
  rulesetDrift,
  rulesetMergeQueueTrigger,
  rulesetCheckSource,
  pullRequestCheckDropped,
  suppressionRecord,
  suppressionExpired,
  suppressionUnused,
];

/** The finding a fault inside a rule becomes, so the other rules and files still run. */
export const internalErrorRule = 'internal-error';

/** Rules that read workflow files, turned off together by readiness.workflowChecks. */
export const workflowRuleIds: readonly string[] = rules.filter((r) => r.workflowCheck).map((r) => r.id);

/** Rules of the playbook itself, silent in a repository that has not adopted it. */
export const playbookRuleIds: readonly string[] = rules.filter((r) => r.playbook).map((r) => r.id);

const byId = new Map(rules.map((r) => [r.id, r]));

/** The rule of a finding or a diagnostic code. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
