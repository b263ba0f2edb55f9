import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturesDir } from './paths';

/** Files of every hostile kind, at paths the engine reads, with the words their diagnostic must contain. */
export const hostileFiles: { file: string; says: RegExp }[] = [
  { file: 'artifacts/policy_gate_freshness_report.json', says: /empty/ },
  { file: 'artifacts/branch_protection_policy_report.json', says: /Invalid JSON/ },
  { file: 'artifacts/replay_determinism_report.json', says: /binary/ },
  { file: 'artifacts/workflow_version_compatibility_report.json', says: /not valid UTF-8/ },
  { file: 'artifacts/provenance_coverage_report.json', says: /100 MB is over the 20 MB limit set by readiness\.maxFileSizeMB/ },
  { file: 'artifacts/policy_bundle_lifecycle_report.json', says: /nested deeper than 256 levels/ },
  { file: 'artifacts/release_lineage.json', says: /directory/ },
  { file: 'artifacts/dx_metrics_slo_report.json', says: /symbolic link loop/ },
  { file: 'artifacts/critical_ci_trend_report.json', says: /outside the workspace/ },
  { file: 'artifacts/release_readiness_gate_report.json', says: /must be of type/ },
  { file: 'docs/required_status_checks.json', says: /must be of type/ },
  { file: '.github/workflows/bomb.yml', says: /alias/ },
  { file: '.github/workflows/deep.yml', says: /nested deeper than 256 levels/ },
  { file: '.github/workflows/matrix.yml', says: /has 100,000,000 combinations; GitHub runs at most 256/ },
];

/** Replaces every value of a JSON document by one of another type, keeping its keys. */
function wrongTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? {} : value.map(wrongTypes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrongTypes(v)]));
  if (typeof value === 'string') return 7;
  if (typeof value === 'number') return 'seven';
  if (typeof value === 'boolean') return null;
  return [];
}

/** A copy of the Go workspace with a hostile file at each of those paths. */
export function makeHostileWorkspace(): { folder: string; dispose: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-hostile-'));
  const folder = path.join(root, 'ws');
  fs.cpSync(path.join(fixturesDir, 'workspaces', 'base-go'), folder, { recursive: true });
  const at = (file: string) => path.join(folder, file);
  const write = (file: string, content: string | Buffer) => fs.writeFileSync(at(file), content);
  write('artifacts/policy_gate_freshness_report.json', '');
  write('artifacts/branch_protection_policy_report.json', fs.readFileSync(at('artifacts/branch_protection_policy_report.json'), 'utf8').slice(0, 300));
  write('artifacts/replay_determinism_report.json', Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff, 0x00, 0x7d]));
  write('artifacts/workflow_version_compatibility_report.json', Buffer.concat([Buffer.from('{"status": "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]));
  fs.rmSync(at('artifacts/provenance_coverage_report.json'));
  fs.writeFileSync(at('artifacts/provenance_coverage_report.json'), '');
  fs.truncateSync(at('artifacts/provenance_coverage_report.json'), 100 * 1024 * 1024);
  write('artifacts/policy_bundle_lifecycle_report.json', '['.repeat(200_000) + ']'.repeat(200_000));
  fs.rmSync(at('artifacts/release_lineage.json'));
  fs.mkdirSync(at('artifacts/release_lineage.json'));
  fs.rmSync(at('artifacts/dx_metrics_slo_report.json'));
  fs.symlinkSync('loop-b.json', at('artifacts/dx_metrics_slo_report.json'));
  fs.symlinkSync('dx_metrics_slo_report.json', at('artifacts/loop-b.json'));
  fs.rmSync(at('artifacts/critical_ci_trend_report.json'));
  fs.writeFileSync(path.join(root, 'outside.json'), '{"status": "passed"}');
  fs.symlinkSync(path.join(root, 'outside.json'), at('artifacts/critical_ci_trend_report.json'));
  write('artifacts/release_readiness_gate_report.json', JSON.stringify(wrongTypes(JSON.parse(fs.readFileSync(at('artifacts/release_readiness_gate_report.json'), 'utf8'))), null, 2));
  write('docs/required_status_checks.json', JSON.stringify({ required_status_checks: { runtime_canary: 1 }, check_job_mapping: [1, 'two', null] }, null, 2));
  const laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    laughs.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  write('.github/workflows/bomb.yml', `name: bomb\non: pull_request\n${laughs.join('\n')}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo *j\n`);
  write('.github/workflows/deep.yml', `name: deep\non: pull_request\njobs: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
  // 10^8 combinations: answered from the axis lengths, never built.
  const axes = Array.from({ length: 8 }, (_, a) => `        a${a}: [${Array.from({ length: 10 }, (_, v) => v).join(', ')}]`).join('\n');
  write('.github/workflows/matrix.yml', `name: matrix\non: pull_request\njobs:\n  j:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n${axes}\n    steps:\n      - run: echo\n`);
  return { folder, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}
