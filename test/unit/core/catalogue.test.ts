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

describe('rule documentation agrees with the rule declarations', () => {
  const index = fs.readFileSync(path.join(repoRoot, 'docs', 'rules', 'README.md'), 'utf8');
  const rows = [...index.matchAll(/^\| \[`([^`]+)`\]\(([^)]*)\) \| (.*) \| (.*) \|$/gm)].map(([, id, link, checks, severity]) => ({ id, link, checks, severity }));
  /** Markdown prose as plain text: code spans unquoted, lines joined. */
  const plain = (markdown: string) => markdown.replace(/`/g, '').replace(/\s*\n\s*/g, ' ').trim();

  it('the index lists every rule in the order the engine runs them, then internal-error', () => {
    assert.deepEqual(rows.map((r) => r.id), [...rules.map((r) => r.id), internalErrorRule]);
    for (const row of rows) assert.equal(row.link, `${row.id}.md`, row.id);
  });

  for (const rule of rules) {
    it(`${rule.id}: the index row and the page say what the declaration says`, () => {
      const row = rows.find((r) => r.id === rule.id);
      assert.ok(row, `docs/rules/README.md lists ${rule.id}`);
      assert.equal(row.checks, rule.description, 'the index row quotes the description');
      assert.ok(row.severity.startsWith(rule.defaultSeverity), `index severity "${row.severity}" starts with ${rule.defaultSeverity}`);
      const page = fs.readFileSync(path.join(repoRoot, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.equal(plain(page.split(/\n\n/)[1]), rule.description, 'the page opens with the description');
      assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.defaultSeverity}\\b`), 'the page gives the default severity');
    });
  }

  it('the workflowChecks setting is documented, in the index only, with exactly the rules it turns off', () => {
    const rulesDir = path.join(repoRoot, 'docs', 'rules');
    const lists = fs.readdirSync(rulesDir).filter((name) => name.endsWith('.md')).flatMap((name) => {
      const markdown = fs.readFileSync(path.join(rulesDir, name), 'utf8');
      const paragraph = markdown.slice(markdown.indexOf('`readiness.workflowChecks: false`')).split('\n\n')[0];
      const list = /\((`[a-z-]+`(?:,\s+`[a-z-]+`)*)\)/.exec(paragraph);
      return markdown.includes('`readiness.workflowChecks: false`') && list ? [{ name, listed: [...list[1].matchAll(/`([a-z-]+)`/g)].map((m) => m[1]) }] : [];
    });
    // One list, in the index: a copy on a rule's page would be one more file to touch for a new workflow rule.
    assert.deepEqual(lists.map((l) => l.name), ['README.md'], 'only the index lists them');
    assert.deepEqual(lists[0].listed, rules.filter((r) => r.workflowCheck).map((r) => r.id));
  });
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
