import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPolicy, policyReferenceProblems } from '../../../server/src/core/policy/policy';
import { internalErrorRule, rules } from '../../../server/src/core/rules/index';
import { schemaDocuments, validateAgainstSchema } from '../../../server/src/core/schemas/registry';
import { fixturesDir, repoRoot } from '../../support/paths';

describe('rule catalogue', () => {
  it('has unique rule ids, each with a file named after it', () => {
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(fs.existsSync(path.join(repoRoot, 'server', 'src', 'core', 'rules', `${id}.ts`)), `rules/${id}.ts`);
  });

  for (const id of [...rules.map((r) => r.id), internalErrorRule]) {
    it(`${id} has a documentation page${id === internalErrorRule ? '' : ' and a golden case'}`, () => {
      const page = path.join(repoRoot, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(page), `docs/rules/${id}.md`);
      assert.match(fs.readFileSync(page, 'utf8'), new RegExp(`^# \`${id}\``));
      if (id === internalErrorRule) return;
      const cases = path.join(fixturesDir, 'cases', id);
      assert.ok(fs.existsSync(cases) && fs.readdirSync(cases).length > 0, `test/fixtures/cases/${id}/`);
    });
  }
});

describe('embedded default policy', () => {
  it('follows the policy schema and refers only to what it declares', () => {
    assert.deepEqual(validateAgainstSchema('readiness-policy', defaultPolicy), []);
    assert.deepEqual(policyReferenceProblems(defaultPolicy), []);
  });

  it('has the stable control ids of the playbook', () => {
    const ids = defaultPolicy.controls.map((c) => c.id);
    for (const id of [
      'policy_bundle_lifecycle_report', 'policy_gate_freshness_report', 'branch_protection_policy_report', 'required_status_checks_consistency_report',
      'workflow_embedded_python_report', 'policy_promotion_readiness_report', 'policy_promotion_readiness_verify_report', 'replay_determinism_report',
      'workflow_version_compatibility_report', 'checkpoint_schema_provenance_report', 'provenance_coverage_report', 'governance_executive_summary',
      'runtime_governance_executive_summary', 'ci.policy-bundle-governance', 'ci.runtime_canary', 'ci.dx_metrics', 'ci.ci_stability_trend',
    ]) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('ships every schema it compiles', () => {
    for (const id of Object.keys(schemaDocuments)) assert.ok(fs.existsSync(path.join(repoRoot, 'schemas', `${id}.schema.json`)), id);
  });
});
