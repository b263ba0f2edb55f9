import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rng } from './rng';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * Artifact reports of every contract the engine knows, built from the example workspace's real reports
 * (examples/agent-skills/artifacts) as templates: same fields, same nesting, same producers' wording, with
 * list lengths, identifiers and outcomes varied by the seed, and every counter and status recomputed so a
 * report agrees with itself (a generated report fails only where the generator decided it fails).
 */
export interface ReportContext {
  rng: Rng;
  /** Workspace-relative folder of the report, e.g. `artifacts/svc-012`. */
  folder: string;
  generatedAt: string;
  /** This report carries one failing entry (a failed check, a non-zero return code, a breach). */
  fail: boolean;
  /** Number of `checks` for an envelope report (default: about the template's). */
  checks?: number;
}

export type ReportBuilder = (template: Json, context: ReportContext) => Json;

/** File name → builder; the file names are the producers' fixed names the engine recognises reports by. */
export const reportNames = [
  'policy_bundle_lifecycle_report.json',
  'policy_gate_freshness_report.json',
  'branch_protection_policy_report.json',
  'required_status_checks_consistency_report.json',
  'workflow_embedded_python_report.json',
  'github_branch_protection_report.json',
  'policy_promotion_readiness_report.json',
  'policy_promotion_readiness_verify_report.json',
  'replay_determinism_report.json',
  'workflow_version_compatibility_report.json',
  'checkpoint_schema_provenance_report.json',
  'provenance_coverage_report.json',
  'critical_ci_trend_report.json',
  'critical_ci_trend_slo_report.json',
  'dx_metrics.json',
  'dx_metrics_slo_report.json',
  'release_readiness_gate_report.json',
  'release_lineage.json',
  'release_lineage_contract_report.json',
  'durability_contract_report.json',
  'durability_advanced_report.json',
  'policy_shadow_report.json',
  'tenant_isolation_matrix_report.json',
  'runtime_coverage.json',
  'skill_executability.json',
  'release_bundle_promotion_preview.json',
  'release_bundle_promotion_dev.json',
  'release_bundle_promotion_staging.json',
  'release_bundle_promotion_prod.json',
  // The summaries come last: they record the reports above as they are.
  'governance_executive_summary.json',
  'runtime_governance_executive_summary.json',
] as const;

export type ReportName = (typeof reportNames)[number];

/** Envelope reports: `checks[]` of {check_id, passed, detail}, the family that grows to 10,000 checks. */
export const envelopeNames: ReportName[] = [
  'policy_bundle_lifecycle_report.json',
  'policy_gate_freshness_report.json',
  'branch_protection_policy_report.json',
  'required_status_checks_consistency_report.json',
  'workflow_embedded_python_report.json',
  'policy_promotion_readiness_verify_report.json',
  'tenant_isolation_matrix_report.json',
];

export const governanceInputs = [
  'policy_bundle_lifecycle_report.json',
  'policy_gate_freshness_report.json',
  'branch_protection_policy_report.json',
  'required_status_checks_consistency_report.json',
  'github_branch_protection_report.json',
  'workflow_embedded_python_report.json',
];

export const runtimeInputs = [
  'durability_contract_report.json',
  'durability_advanced_report.json',
  'replay_determinism_report.json',
  'workflow_version_compatibility_report.json',
  'checkpoint_schema_provenance_report.json',
  'provenance_coverage_report.json',
  'policy_shadow_report.json',
  'tenant_isolation_matrix_report.json',
  'policy_bundle_lifecycle_report.json',
  'policy_promotion_readiness_report.json',
  'policy_promotion_readiness_verify_report.json',
];

/** The example's reports, read once. */
export function loadTemplates(repoRoot: string): Map<string, Json> {
  const folder = path.join(repoRoot, 'examples', 'agent-skills', 'artifacts');
  const templates = new Map<string, Json>();
  for (const name of fs.readdirSync(folder)) {
    if (name.endsWith('.json')) templates.set(name, JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')));
  }
  return templates;
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value));
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10000) / 10000);

const details = [
  'manifest conforms to schema',
  'valid json',
  'policy_doc_token present',
  'ok',
  'result=success',
  'required check listed in ruleset',
  'heredoc parsed with ast.parse',
  'pinned to commit sha',
  'status=passed',
  'tenant boundary enforced',
];

const failureDetails = [
  'expected 3 approvals, found 2',
  'policy_doc_token missing: "Require status checks to pass before merging"',
  'SyntaxError: invalid syntax (line 14)',
  'status=failed; allowed=[\'passed\']',
  'stale bundle: generated 52 h ago',
];

/** Regrows a `checks[]` list to `count` entries shaped like the template's, all passing. */
function growChecks(template: Json[], count: number, rng: Rng, extra: (index: number) => Record<string, unknown> = () => ({})): Json[] {
  const checks: Json[] = [];
  for (let i = 0; i < count; i++) {
    const base = template[i % template.length];
    const suffix = i < template.length ? '' : `:${rng.pick(['shard', 'case', 'target', 'item'])}-${i}`;
    checks.push({ ...clone(base), check_id: `${base.check_id}${suffix}`, passed: true, detail: i < template.length && typeof base.detail === 'string' && !/status=4/.test(base.detail) ? base.detail : rng.pick(details), ...extra(i) });
  }
  return checks;
}

function failOne(list: Json[], rng: Rng, mark: (entry: Json) => void): Json {
  const entry = list[rng.int(0, list.length - 1)];
  mark(entry);
  return entry;
}

function envelope(template: Json, context: ReportContext): Json {
  const { rng } = context;
  const report = clone(template);
  const count = context.checks ?? Math.max(3, Math.round(template.checks.length * (0.8 + rng.next() * 0.6)));
  report.generated_at = context.generatedAt;
  report.checks = growChecks(template.checks, count, rng);
  if (context.fail) failOne(report.checks, rng, (c) => ((c.passed = false), (c.detail = rng.pick(failureDetails))));
  const passed = report.checks.filter((c: Json) => c.passed).length;
  report.summary = { ...report.summary, total: count, passed, failed: count - passed, pass_ratio: ratio(passed, count) };
  report.status = passed === count ? 'passed' : 'failed';
  if (report.by_surface) {
    const bySurface: Record<string, { total: number; passed: number; failed: number }> = {};
    for (const check of report.checks) {
      const surface = (bySurface[check.surface] ??= { total: 0, passed: 0, failed: 0 });
      surface.total++;
      if (check.passed) surface.passed++;
      else surface.failed++;
    }
    report.by_surface = bySurface;
  }
  return report;
}

function githubBranchProtection(template: Json, context: ReportContext): Json {
  const { rng } = context;
  const report = clone(template);
  report.generated_at = context.generatedAt;
  report.checks = template.checks.map((c: Json) => ({ ...c, passed: true, detail: c.detail.startsWith('status=') ? 'status=200 rules=4 required_checks=3' : c.detail }));
  if (context.fail) failOne(report.checks, rng, (c) => ((c.passed = false), (c.detail = 'status=200 required check "runtime_canary" missing from ruleset')));
  const passed = report.checks.filter((c: Json) => c.passed).length;
  report.summary = { total: report.checks.length, passed, failed: report.checks.length - passed, pass_ratio: ratio(passed, report.checks.length), unverified: false };
  report.status = passed === report.checks.length ? 'passed' : 'failed';
  return report;
}

function promotionReadiness(template: Json, context: ReportContext): Json {
  const report = clone(template);
  report.generated_at = context.generatedAt;
  const flags = Object.keys(report.checks);
  for (const flag of flags) report.checks[flag] = true;
  if (context.fail) report.checks[context.rng.pick(flags)] = false;
  const passed = flags.filter((f) => report.checks[f]).length;
  Object.assign(report.summary, { automated_checks_total: flags.length, automated_checks_passed: passed, automated_checks_failed: flags.length - passed, runtime_canary_pass_ratio: ratio(passed, flags.length) });
  const ready = passed === flags.length;
  report.environments.staging_to_prod.automated_ready = ready;
  report.status = ready ? 'passed' : 'failed';
  return report;
}

const testFiles = ['runtime/test_checkpoint.py', 'runtime/test_durability_advanced.py', 'test_neutral_api_slice2.py', 'runtime/test_workflow_version_compatibility.py', 'gateway/test_routes.py', 'runtime/test_provenance.py'];

function testId(rng: Rng, index: number): string {
  return `${rng.pick(testFiles)}::test_case_${index}_${rng.hex(4)}`;
}

function replay(template: Json, context: ReportContext): Json {
  const { rng } = context;
  const report = clone(template);
  report.generated_at = context.generatedAt;
  const nodes = rng.int(3, 8);
  const repetitions = 2;
  report.tests = [];
  for (let n = 0; n < nodes; n++) {
    const nodeid = testId(rng, n);
    for (let r = 1; r <= repetitions; r++) report.tests.push({ nodeid, repetition: r, returncode: 0, duration_seconds: Math.round(rng.next() * 3000) / 1000, execution_id: `${nodeid}::pass${r}` });
  }
  report.failures = [];
  if (context.fail) report.failures.push(failOne(report.tests, rng, (t) => (t.returncode = 1)).execution_id);
  const passed = report.tests.filter((t: Json) => t.returncode === 0).length;
  const total = report.tests.length;
  report.summary = { test_nodes: nodes, repetitions, expected_total_executions: total, completed_executions: total, execution_complete: true, passed_executions: passed, failed_executions: total - passed, pass_ratio: ratio(passed, total) };
  report.status = report.failures.length === 0 ? 'passed' : 'failed';
  return report;
}

function testRunner(template: Json, context: ReportContext): Json {
  const { rng } = context;
  const report = clone(template);
  report.generated_at = context.generatedAt;
  const total = Math.max(2, template.tests.length + rng.int(-1, 12));
  report.tests = Array.from({ length: total }, (_, i) => ({ nodeid: testId(rng, i), returncode: 0, duration_seconds: Math.round(rng.next() * 4000) / 1000 }));
  report.failures = [];
  if (context.fail) report.failures.push(failOne(report.tests, rng, (t) => (t.returncode = 1)).nodeid);
  const passed = report.tests.filter((t: Json) => t.returncode === 0).length;
  report.summary = { total_tests: total, expected_total_tests: total, test_execution_complete: true, passed_tests: passed, failed_tests: total - passed, pass_ratio: ratio(passed, total) };
  report.status = report.failures.length === 0 ? 'passed' : 'failed';
  return report;
}

function durabilityContract(template: Json, context: ReportContext): Json {
  const { rng } = context;
  const report = clone(template);
  report.generated_at = context.generatedAt;
  const total = rng.int(4, 12);
  report.tests = Array.from({ length: total }, (_, i) => ({ nodeid: testId(rng, i), returncode: 0, duration_seconds: Math.round(rng.next() * 3000) / 1000 }));
  report.failures = [];
  report.summary = { total, passed: total, failed: 0, pass_ratio: 1.0 };
  report.status = 'passed';
  return report;
}

function gate(template: Json, context: ReportContext): Json {
  const { rng } = context;
  const report = clone(template);
  report.generated_at = context.generatedAt;
  report.checks = template.checks.map((c: Json) => ({ ...c, passed: true, detail: c.passed ? c.detail : c.detail.replace(/failure|failed|breach|no-go/g, 'success').replace(/completed_executions=4/, 'completed_executions=6') }));
  if (context.fail) failOne(report.checks, rng, (c) => ((c.passed = false), (c.detail = 'result=failure')));
  const passed = report.checks.filter((c: Json) => c.passed).length;
  const failing = report.checks.filter((c: Json) => !c.passed);
  report.summary = { total: report.checks.length, passed, failed: report.checks.length - passed, high_failures: failing.filter((c: Json) => c.severity === 'high').length, medium_failures: failing.filter((c: Json) => c.severity === 'medium').length };
  report.decision = failing.length === 0 ? 'go' : 'no-go';
  report.status = report.decision === 'go' ? 'passed' : 'failed';
  return report;
}

function dxMetrics(template: Json, context: ReportContext): Json {
  const report = clone(template);
  report.generated_at = context.generatedAt;
  report.metrics.docs_parity_score = 0.97;
  report.metrics.time_to_first_success_seconds = 20 + Math.round(context.rng.next() * 60000) / 1000;
  return report;
}

function dxSlo(template: Json, context: ReportContext): Json {
  const report = clone(template);
  report.generated_at = context.generatedAt;
  report.current.timestamp = context.generatedAt;
  report.current.docs_parity_score = context.fail ? 0.91 : 0.97;
  report.breaches = context.fail ? ['docs_parity_score below threshold: 0.910 < 0.950'] : [];
  report.slo_status = context.fail ? 'breach' : 'pass';
  return report;
}

function trendSlo(template: Json, context: ReportContext): Json {
  const report = clone(template);
  report.generated_at = context.generatedAt;
  report.trend_report_file = `${context.folder}/critical_ci_trend_report.json`;
  return report;
}

function stamped(template: Json, context: ReportContext): Json {
  const report = clone(template);
  if ('generated_at' in report) report.generated_at = context.generatedAt;
  return report;
}

function bundlePromotion(environment: 'preview' | 'dev' | 'staging' | 'prod'): ReportBuilder {
  const source = { preview: null, dev: 'preview', staging: 'dev', prod: 'staging' }[environment];
  return (_template, context) => {
    const { rng } = context;
    const bundleId = `pr-preview-20260612-${rng.int(80000, 99999)}-${rng.hex(8)}`;
    const checks = [
      { check_id: 'bundle_verify_ok', passed: true, detail: 'verified' },
      { check_id: 'environment_transition_allowed', passed: true, detail: `${source ?? 'none'}->${environment}` },
      { check_id: 'release_gate_contract_valid', passed: true, detail: 'contract=release_readiness_gate_v1' },
      { check_id: 'release_gate_allows_promotion', passed: true, detail: 'decision=go; status=passed' },
      { check_id: 'promotion_readiness_contract_valid', passed: true, detail: 'contract=policy_promotion_readiness_v1' },
      { check_id: 'promotion_readiness_status_passed', passed: true, detail: 'status=passed' },
      { check_id: 'promotion_readiness_allows_target_env', passed: true, detail: environment === 'prod' ? 'automated_ready=true' : `not required for ${environment}` },
      { check_id: 'source_environment_has_same_bundle', passed: true, detail: `source bundle_id=${bundleId}` },
    ];
    if (context.fail) failOne(checks, rng, (c) => ((c.passed = false), (c.detail = `source bundle_id=pr-preview-20260611-171502-${rng.hex(8)}`)));
    const passed = checks.every((c) => c.passed);
    return {
      generated_at: context.generatedAt,
      contract: 'release_bundle_promotion_v1',
      status: passed ? 'passed' : 'failed',
      environment,
      source_environment: source,
      bundle_root: `dist/release-bundles/${bundleId}`,
      checks,
      gate_decision: 'go',
      promotion_readiness_status: 'passed',
      bundle_id: bundleId,
      ...(passed ? { release_root: `${context.folder}/releases/${environment}/${bundleId}`, current_pointer: `${context.folder}/deployments/${environment}/current.json`, previous_bundle_id: null } : {}),
    };
  };
}

/** Builders of the single reports; the two executive summaries are built by {@link executiveSummary}. */
export const builders: Partial<Record<ReportName, ReportBuilder>> = {
  'policy_bundle_lifecycle_report.json': envelope,
  'policy_gate_freshness_report.json': envelope,
  'branch_protection_policy_report.json': envelope,
  'required_status_checks_consistency_report.json': envelope,
  'workflow_embedded_python_report.json': envelope,
  'policy_promotion_readiness_verify_report.json': envelope,
  'tenant_isolation_matrix_report.json': envelope,
  'github_branch_protection_report.json': githubBranchProtection,
  'policy_promotion_readiness_report.json': promotionReadiness,
  'replay_determinism_report.json': replay,
  'workflow_version_compatibility_report.json': testRunner,
  'checkpoint_schema_provenance_report.json': testRunner,
  'provenance_coverage_report.json': testRunner,
  'critical_ci_trend_report.json': stamped,
  'critical_ci_trend_slo_report.json': trendSlo,
  'dx_metrics.json': dxMetrics,
  'dx_metrics_slo_report.json': dxSlo,
  'release_readiness_gate_report.json': gate,
  'release_lineage.json': stamped,
  'release_lineage_contract_report.json': stamped,
  'durability_contract_report.json': durabilityContract,
  'durability_advanced_report.json': stamped,
  'policy_shadow_report.json': stamped,
  'runtime_coverage.json': stamped,
  'skill_executability.json': stamped,
  'release_bundle_promotion_preview.json': bundlePromotion('preview'),
  'release_bundle_promotion_dev.json': bundlePromotion('dev'),
  'release_bundle_promotion_staging.json': bundlePromotion('staging'),
  'release_bundle_promotion_prod.json': bundlePromotion('prod'),
};

/** Reports whose builder can make them fail (the others are copied from passing templates). */
export const canFail = new Set<string>([...envelopeNames, 'github_branch_protection_report.json', 'policy_promotion_readiness_report.json', 'replay_determinism_report.json', 'workflow_version_compatibility_report.json', 'checkpoint_schema_provenance_report.json', 'provenance_coverage_report.json', 'dx_metrics_slo_report.json', 'release_readiness_gate_report.json', 'release_bundle_promotion_dev.json']);

const canonicalWords: Record<string, string> = { passed: 'passed', pass: 'passed', failed: 'failed', breach: 'failed', unverified: 'unverified' };

/** A governance executive summary over the reports of its folder, as the summary generator writes it. */
export function executiveSummary(template: Json, context: ReportContext, inputs: { path: string; report: Json | undefined }[]): Json {
  const report = clone(template);
  report.generated_at = context.generatedAt;
  report.reports = inputs.map(({ path: input, report: value }) => {
    if (!value) return { path: input, status: 'missing', contract: null, detail: 'missing', summary: 'report file not found' };
    const raw = typeof value.status === 'string' ? value.status : typeof value.slo_status === 'string' ? value.slo_status : 'unknown';
    const status = canonicalWords[raw] ?? 'unknown';
    const s = value.summary;
    const summary = s && typeof s.total === 'number' ? `passed=${s.passed}/${s.total}, failed=${s.failed}, pass_ratio=${s.pass_ratio ?? 1}` : 'no structured summary';
    return { path: input, status, contract: value.contract ?? null, detail: status, summary };
  });
  const count = (status: string) => report.reports.filter((r: Json) => r.status === status).length;
  report.summary = { total_reports: report.reports.length, passed: count('passed'), failed: count('failed'), unverified: count('unverified'), unknown: count('unknown'), invalid: count('invalid'), missing: count('missing') };
  report.status = count('failed') + count('invalid') > 0 ? 'failed' : count('unverified') + count('unknown') + count('missing') > 0 ? 'unverified' : 'passed';
  return report;
}
