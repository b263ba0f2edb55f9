/**
 * Time to compute the verified quick fixes of each required-check diagnostic (what a code-action request
 * costs once the folder is validated), and fix-all, on the example and on a generated bench workspace with
 * three drifted checks.
 * Usage: node dist-bench/codeActions.js [--scale=500] [--runs=15]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixAll } from '../../server/src/core/fixes/fixAll';
import { fixContext, quickFixes } from '../../server/src/core/fixes/index';
import { ParseCache } from '../../server/src/core/workspace';
import { readWorkspace } from '../../server/src/node/workspaceReader';
import { generateWorkspace } from './lib/generate';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const repoRoot = path.resolve(__dirname, '..');

function measure(label: string, folder: string, runs: number): void {
  const { snapshot, policyFile } = readWorkspace(folder);
  const cache = new ParseCache();
  fixContext(snapshot, { policyFile, cache }); // the folder's validation: parses cached, as in the server
  const perDiagnostic: number[] = [];
  const perRequest: number[] = [];
  const fixAllTimes: number[] = [];
  let diagnostics = 0;
  let fixes = 0;
  for (let run = 0; run < runs; run++) {
    // A fresh validation each run (a keystroke): verification outcomes are kept per validation only.
    const context = fixContext(snapshot, { policyFile, cache });
    const withFixes = context.result.findings.filter((f) => f.check !== undefined && ((f.data as { fixes?: unknown[] })?.fixes?.length ?? 0) > 0);
    diagnostics = withFixes.length;
    const start = performance.now();
    fixes = 0;
    for (const finding of withFixes) {
      const one = performance.now();
      fixes += quickFixes(finding, context).length;
      perDiagnostic.push(performance.now() - one);
    }
    perRequest.push(performance.now() - start);
    const all = performance.now();
    fixAll(snapshot, { policyFile, cache });
    fixAllTimes.push(performance.now() - all);
  }
  const ms = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
  console.log(`${label}: ${snapshot.files.size} files, ${diagnostics} required-check diagnostics with fixes (${fixes} fixes offered); median per diagnostic ${ms(median(perDiagnostic))}, all of them ${ms(median(perRequest))}, fix-all ${ms(median(fixAllTimes))} (${runs} runs)`);
}

const runs = arg('runs', 15);
measure('example', path.join(repoRoot, 'examples', 'agent-skills'), runs);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-fixes-'));
try {
  generateWorkspace(repoRoot, root, arg('scale', 500), 1);
  // The generated checks agree with their jobs: drift three of them (list entry and mapping key) so there is something to fix.
  const checksFile = path.join(root, 'docs', 'required_status_checks.json');
  let text = fs.readFileSync(checksFile, 'utf8');
  for (const name of (JSON.parse(text).required_status_checks as string[]).slice(0, 3)) text = text.split(`"${name}"`).join(`"${name}_ci"`);
  fs.writeFileSync(checksFile, text);
  measure(`bench ${arg('scale', 500)}`, root, runs);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
