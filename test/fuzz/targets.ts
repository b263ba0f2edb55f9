import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from '../support/paths';

/** A file kind to fuzz: the file mutated, and the files whose rules read it beside it. */
export interface FuzzTarget {
  kind: string;
  file: string;
  companions: string[];
}

const base = path.join(fixturesDir, 'workspaces', 'base-go');
const summaryInputs = (summary: string): string[] => JSON.parse(fs.readFileSync(path.join(base, summary), 'utf8')).reports.map((r: { path: string }) => r.path);
const workflows = ['.github/workflows/ci.yml', '.github/workflows/smoke.yml'];

export const fuzzTargets: FuzzTarget[] = [
  ...[
    'policy_bundle_lifecycle_report',
    'github_branch_protection_report',
    'policy_promotion_readiness_report',
    'replay_determinism_report',
    'workflow_version_compatibility_report',
    'critical_ci_trend_report',
    'critical_ci_trend_slo_report',
    'dx_metrics_slo_report',
    'release_readiness_gate_report',
    'release_lineage',
    'release_lineage_contract_report',
  ].map((stem) => ({ kind: stem, file: `artifacts/${stem}.json`, companions: [] })),
  { kind: 'governance_executive_summary', file: 'artifacts/governance_executive_summary.json', companions: summaryInputs('artifacts/governance_executive_summary.json') },
  { kind: 'check_runs', file: 'artifacts/check_runs.json', companions: [] },
  { kind: 'needs_context', file: 'artifacts/needs_context.json', companions: [] },
  { kind: 'required_status_checks', file: 'docs/required_status_checks.json', companions: [...workflows, 'docs/BRANCH_PROTECTION_POLICY.md'] },
  { kind: 'workflow (smoke.yml)', file: '.github/workflows/smoke.yml', companions: ['docs/required_status_checks.json', '.github/workflows/ci.yml'] },
  { kind: 'release_exceptions', file: '.github/release_exceptions.json', companions: ['artifacts/github_branch_protection_report.json'] },
  { kind: 'readiness-policy', file: '.github/readiness-policy.json', companions: [] },
];

/** The unmutated text of a target's file (the exceptions and policy files are written for the fuzz). */
export function originalText(target: FuzzTarget): string {
  if (target.kind === 'release_exceptions') {
    return `${JSON.stringify({ exceptions: [{ check_id: 'github_branch_protection_report', approved_by: 'owner', reason: 'ruleset checked by hand', expires_at: '2027-01-01T00:00:00Z', verified_with: 'docs/GITHUB_RULESET_RUNBOOK.md', evidence_url: 'https://example.org/notes' }] }, null, 2)}\n`;
  }
  if (target.kind === 'readiness-policy') {
    return fs.readFileSync(path.join(__dirname, '..', '..', '..', 'server', 'src', 'core', 'policy', 'default-policy.json'), 'utf8');
  }
  return fs.readFileSync(path.join(base, target.file), 'utf8');
}

export function companionTexts(target: FuzzTarget): Map<string, string> {
  return new Map(target.companions.map((file) => [file, fs.readFileSync(path.join(base, file), 'utf8')]));
}
