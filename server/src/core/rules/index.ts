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

/** Every rule, in the order their findings are listed for one file. */
export const rules: readonly Rule[] = [
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
  workflowMatrixShape,
  workflowPythonSyntax,
  rulesetCheckUnreported,
  rulesetDrift,
  rulesetMergeQueueTrigger,
  rulesetCheckSource,
  suppressionRecord,
  suppressionExpired,
  suppressionUnused,
];

/** The finding a fault inside a rule becomes, so the other rules and files still run. */
export const internalErrorRule = 'internal-error';

/** Rules that read workflow files, turned off together by readiness.workflowChecks. */
export const workflowRuleIds: readonly string[] = [
  yamlSyntax.id,
  workflowRequiredJob.id,
  workflowPlaybookJob.id,
  workflowEvidenceArtifact.id,
  requiredJobNeedsAlways.id,
  workflowMatrixLimit.id,
  workflowMatrixShape.id,
  workflowPythonSyntax.id,
];

/**
 * Rules of the playbook itself (its reports, controls, exception window, policy document and required
 * CI jobs), silent in a repository that has not adopted it.
 */
export const playbookRuleIds: readonly string[] = [
  reportContract.id,
  reportStatusValue.id,
  reportStatusConsistency.id,
  reportSummaryCounts.id,
  reportExecutionComplete.id,
  reportFailingCheck.id,
  controlAcceptance.id,
  executiveSummaryEntry.id,
  executiveSummaryInputs.id,
  exceptionRecord.id,
  policyReference.id,
  requiredCheckPolicyDoc.id,
  workflowPlaybookJob.id,
  workflowEvidenceArtifact.id,
];
