import policyBundleLifecycleReport from '../../../../schemas/policy_bundle_lifecycle_report.schema.json';
import policyGateFreshnessReport from '../../../../schemas/policy_gate_freshness_report.schema.json';
import branchProtectionPolicyReport from '../../../../schemas/branch_protection_policy_report.schema.json';
import requiredStatusChecksConsistencyReport from '../../../../schemas/required_status_checks_consistency_report.schema.json';
import workflowEmbeddedPythonReport from '../../../../schemas/workflow_embedded_python_report.schema.json';
import githubBranchProtectionReport from '../../../../schemas/github_branch_protection_report.schema.json';
import policyPromotionReadinessReport from '../../../../schemas/policy_promotion_readiness_report.schema.json';
import policyPromotionReadinessVerifyReport from '../../../../schemas/policy_promotion_readiness_verify_report.schema.json';
import replayDeterminismReport from '../../../../schemas/replay_determinism_report.schema.json';
import workflowVersionCompatibilityReport from '../../../../schemas/workflow_version_compatibility_report.schema.json';
import checkpointSchemaProvenanceReport from '../../../../schemas/checkpoint_schema_provenance_report.schema.json';
import provenanceCoverageReport from '../../../../schemas/provenance_coverage_report.schema.json';
import governanceExecutiveSummary from '../../../../schemas/governance_executive_summary.schema.json';
import criticalCiTrendReport from '../../../../schemas/critical_ci_trend_report.schema.json';
import criticalCiTrendSloReport from '../../../../schemas/critical_ci_trend_slo_report.schema.json';
import dxMetrics from '../../../../schemas/dx_metrics.schema.json';
import dxMetricsSloReport from '../../../../schemas/dx_metrics_slo_report.schema.json';
import releaseReadinessGateReport from '../../../../schemas/release_readiness_gate_report.schema.json';
import releaseLineage from '../../../../schemas/release_lineage.schema.json';
import releaseLineageContractReport from '../../../../schemas/release_lineage_contract_report.schema.json';
import releaseBundlePromotion from '../../../../schemas/release_bundle_promotion.schema.json';
import durabilityContractReport from '../../../../schemas/durability_contract_report.schema.json';
import durabilityAdvancedReport from '../../../../schemas/durability_advanced_report.schema.json';
import policyShadowReport from '../../../../schemas/policy_shadow_report.schema.json';
import tenantIsolationMatrixReport from '../../../../schemas/tenant_isolation_matrix_report.schema.json';
import runtimeCoverage from '../../../../schemas/runtime_coverage.schema.json';
import skillExecutability from '../../../../schemas/skill_executability.schema.json';
import requiredStatusChecks from '../../../../schemas/required_status_checks.schema.json';
import releaseExceptions from '../../../../schemas/release_exceptions.schema.json';
import checkRuns from '../../../../schemas/check_runs.schema.json';
import needsContext from '../../../../schemas/needs_context.schema.json';
import readinessPolicy from '../../../../schemas/readiness-policy.schema.json';
import readinessSuppressions from '../../../../schemas/readiness-suppressions.schema.json';

/** Every schema the project ships, by file stem. Bundled into the server; also contributed to VS Code's JSON support. */
export const schemaDocuments = {
  'policy_bundle_lifecycle_report': policyBundleLifecycleReport,
  'policy_gate_freshness_report': policyGateFreshnessReport,
  'branch_protection_policy_report': branchProtectionPolicyReport,
  'required_status_checks_consistency_report': requiredStatusChecksConsistencyReport,
  'workflow_embedded_python_report': workflowEmbeddedPythonReport,
  'github_branch_protection_report': githubBranchProtectionReport,
  'policy_promotion_readiness_report': policyPromotionReadinessReport,
  'policy_promotion_readiness_verify_report': policyPromotionReadinessVerifyReport,
  'replay_determinism_report': replayDeterminismReport,
  'workflow_version_compatibility_report': workflowVersionCompatibilityReport,
  'checkpoint_schema_provenance_report': checkpointSchemaProvenanceReport,
  'provenance_coverage_report': provenanceCoverageReport,
  'governance_executive_summary': governanceExecutiveSummary,
  'critical_ci_trend_report': criticalCiTrendReport,
  'critical_ci_trend_slo_report': criticalCiTrendSloReport,
  'dx_metrics': dxMetrics,
  'dx_metrics_slo_report': dxMetricsSloReport,
  'release_readiness_gate_report': releaseReadinessGateReport,
  'release_lineage': releaseLineage,
  'release_lineage_contract_report': releaseLineageContractReport,
  'release_bundle_promotion': releaseBundlePromotion,
  'durability_contract_report': durabilityContractReport,
  'durability_advanced_report': durabilityAdvancedReport,
  'policy_shadow_report': policyShadowReport,
  'tenant_isolation_matrix_report': tenantIsolationMatrixReport,
  'runtime_coverage': runtimeCoverage,
  'skill_executability': skillExecutability,
  'required_status_checks': requiredStatusChecks,
  'release_exceptions': releaseExceptions,
  'check_runs': checkRuns,
  'needs_context': needsContext,
  'readiness-policy': readinessPolicy,
  'readiness-suppressions': readinessSuppressions,
} as const;

export type SchemaId = keyof typeof schemaDocuments;
