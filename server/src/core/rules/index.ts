import type { Rule } from './rule';
import { rule as controlAcceptance } from './control-acceptance';
import { rule as exceptionRecord } from './exception-record';
import { rule as executiveSummaryEntry } from './executive-summary-entry';
import { rule as executiveSummaryInputs } from './executive-summary-inputs';
import { rule as fileNotRead } from './file-not-read';
import { rule as jsonSyntax } from './json-syntax';
import { rule as policyReference } from './policy-reference';
import { rule as requiredCheckMapping } from './required-check-mapping';
import { rule as requiredCheckWorkflow } from './required-check-workflow';
import { rule as requiredCheckName } from './required-check-name';
import { rule as requiredCheckTrigger } from './required-check-trigger';
import { rule as requiredCheckPolicyDoc } from './required-check-policy-doc';
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
import { rule as suppressionExpired } from './suppression-expired';
import { rule as suppressionRecord } from './suppression-record';
import { rule as suppressionUnused } from './suppression-unused';
import { rule as workflowPythonSyntax } from './workflow-python-syntax';
import { rule as yamlSyntax } from './yaml-syntax';

/** Every rule, in the order their findings are listed for one file. */
export const rules: readonly Rule[] = [
  fileNotRead,
  jsonSyntax,
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
  requiredCheckPolicyDoc,
  workflowRequiredJob,
  workflowPlaybookJob,
  workflowEvidenceArtifact,
  requiredJobNeedsAlways,
  workflowPythonSyntax,
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
  workflowPythonSyntax.id,
];
