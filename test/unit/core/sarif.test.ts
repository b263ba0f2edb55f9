import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rules } from '../../../server/src/core/rules/index';
import { cli, repoRoot } from '../../support/paths';
import { validateSarif } from '../../support/sarifSchema';

const example = path.join(repoRoot, 'examples', 'agent-skills');
const sarifOf = (folder: string) => JSON.parse(spawnSync(process.execPath, [cli, 'check', folder, '--format', 'sarif'], { encoding: 'utf8' }).stdout);

describe('SARIF for code scanning', () => {
  it('is valid SARIF 2.1.0, with a help page and full description for every rule', () => {
    const log = sarifOf(example);
    assert.deepEqual(validateSarif(log), []);
    const descriptors = log.runs[0].tool.driver.rules;
    assert.deepEqual(descriptors.map((d: { id: string }) => d.id), [...rules.map((r) => r.id), 'internal-error']);
    for (const d of descriptors) {
      assert.equal(d.helpUri, `https://example.invalid/release-readiness/blob/main/docs/rules/${d.id}.md`);
      assert.ok(fs.existsSync(path.join(repoRoot, 'docs', 'rules', `${d.id}.md`)), `the page ${d.id}.md exists`);
      assert.ok(d.fullDescription.text && d.help.text, d.id);
    }
  });

  it('keeps every fingerprint when lines are added above the findings, and tells alike findings apart', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-sarif-'));
    try {
      fs.cpSync(example, folder, { recursive: true });
      const before = sarifOf(folder).runs[0].results;
      // Pretty-printing every JSON file moves almost every finding to another line.
      for (const file of fs.readdirSync(path.join(folder, 'artifacts')).filter((f) => f.endsWith('.json'))) {
        const full = path.join(folder, 'artifacts', file);
        fs.writeFileSync(full, `\n\n${JSON.stringify(JSON.parse(fs.readFileSync(full, 'utf8')), null, 4)}`);
      }
      const after = sarifOf(folder).runs[0].results;
      const key = (r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; message: { text: string } }) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri} ${r.message.text}`;
      const fingerprints = (results: typeof before) => new Map(results.map((r: Parameters<typeof key>[0] & { partialFingerprints: { primaryLocationLineHash: string } }) => [key(r), r.partialFingerprints.primaryLocationLineHash]));
      const moved = after.filter((r: { locations: { physicalLocation: { region: { startLine: number } } }[] }, i: number) => r.locations[0].physicalLocation.region.startLine !== before[i]?.locations[0].physicalLocation.region.startLine);
      assert.ok(moved.length > 10, 'the edit moved the findings');
      assert.deepEqual(fingerprints(after), fingerprints(before));
      const all = before.map((r: { partialFingerprints: { primaryLocationLineHash: string } }) => r.partialFingerprints.primaryLocationLineHash);
      assert.equal(new Set(all).size, all.length, 'one fingerprint per result');
      for (const fingerprint of all) assert.match(fingerprint, /^[0-9a-f]{16}:\d+$/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps a failing check\'s fingerprint when only its detail changes', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-sarif-'));
    try {
      fs.cpSync(example, folder, { recursive: true });
      const report = path.join(folder, 'artifacts', 'github_branch_protection_report.json');
      const fingerprintOf = () => sarifOf(folder).runs[0].results.find((r: { message: { text: string } }) => r.message.text.startsWith('Failing: branch_rules_api_call:master')).partialFingerprints.primaryLocationLineHash;
      const before = fingerprintOf();
      // Another run, another runner address in the rate-limit message.
      fs.writeFileSync(report, fs.readFileSync(report, 'utf8').replaceAll('172.183.51.96', '20.42.7.1'));
      assert.equal(fingerprintOf(), before);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
