import type { SchemaId } from '../schemas/registry';

/**
 * Report families: reports whose producers write the same shape obey the same invariants
 * (artifact-contracts.md §1–§2).
 */
export type ReportFamily =
  | 'envelope'
  | 'githubBranchProtection'
  | 'promotionReadiness'
  | 'replay'
  | 'testRunner'
  | 'executiveSummary'
  | 'trend'
  | 'trendSlo'
  | 'dxMetrics'
  | 'dxSlo'
  | 'gate'
  | 'lineage'
  | 'lineageContract'
  | 'bundlePromotion'
  | 'summaryOnly'
  | 'ratio';

export interface ReportKind {
  schema: SchemaId;
  family: ReportFamily;
}

const reportsByFileName: Record<string, ReportKind> = {
  'policy_bundle_lifecycle_report.json': { schema: 'policy_bundle_lifecycle_report', family: 'envelope' },
  'policy_gate_freshness_report.json': { schema: 'policy_gate_freshness_report', family: 'envelope' },
  'branch_protection_policy_report.json': { schema: 'branch_protection_policy_report', family: 'envelope' },
  'required_status_checks_consistency_report.json': { schema: 'required_status_checks_consistency_report', family: 'envelope' },
  'workflow_embedded_python_report.json': { schema: 'workflow_embedded_python_report', family: 'envelope' },
  'github_branch_protection_report.json': { schema: 'github_branch_protection_report', family: 'githubBranchProtection' },
  'policy_promotion_readiness_report.json': { schema: 'policy_promotion_readiness_report', family: 'promotionReadiness' },
  'policy_promotion_readiness_verify_report.json': { schema: 'policy_promotion_readiness_verify_report', family: 'envelope' },
  'replay_determinism_report.json': { schema: 'replay_determinism_report', family: 'replay' },
  'workflow_version_compatibility_report.json': { schema: 'workflow_version_compatibility_report', family: 'testRunner' },
  'checkpoint_schema_provenance_report.json': { schema: 'checkpoint_schema_provenance_report', family: 'testRunner' },
  'provenance_coverage_report.json': { schema: 'provenance_coverage_report', family: 'testRunner' },
  'governance_executive_summary.json': { schema: 'governance_executive_summary', family: 'executiveSummary' },
  'runtime_governance_executive_summary.json': { schema: 'governance_executive_summary', family: 'executiveSummary' },
  'critical_ci_trend_report.json': { schema: 'critical_ci_trend_report', family: 'trend' },
  'critical_ci_trend_slo_report.json': { schema: 'critical_ci_trend_slo_report', family: 'trendSlo' },
  'dx_metrics.json': { schema: 'dx_metrics', family: 'dxMetrics' },
  'dx_metrics_slo_report.json': { schema: 'dx_metrics_slo_report', family: 'dxSlo' },
  'release_readiness_gate_report.json': { schema: 'release_readiness_gate_report', family: 'gate' },
  'release_lineage.json': { schema: 'release_lineage', family: 'lineage' },
  'release_lineage_contract_report.json': { schema: 'release_lineage_contract_report', family: 'lineageContract' },
  'durability_contract_report.json': { schema: 'durability_contract_report', family: 'summaryOnly' },
  'durability_advanced_report.json': { schema: 'durability_advanced_report', family: 'summaryOnly' },
  'policy_shadow_report.json': { schema: 'policy_shadow_report', family: 'summaryOnly' },
  'tenant_isolation_matrix_report.json': { schema: 'tenant_isolation_matrix_report', family: 'envelope' },
  'runtime_coverage.json': { schema: 'runtime_coverage', family: 'ratio' },
  'skill_executability.json': { schema: 'skill_executability', family: 'ratio' },
};

const bundlePromotion: ReportKind = { schema: 'release_bundle_promotion', family: 'bundlePromotion' };

/** The report kind of an artifact file, by its file name (the producers' fixed names). */
export function reportKindOf(fileName: string): ReportKind | undefined {
  const known = reportsByFileName[fileName];
  if (known) return known;
  // release_bundle_promotion_<env>.json; _source.json is a different record written by the promote workflow.
  if (/^release_bundle_promotion_(preview|dev|staging|prod)\.json$/.test(fileName)) return bundlePromotion;
  return undefined;
}
