/**
 * Small drivers to run under `node --cpu-prof` (and a summariser of the profiles they write):
 *
 *   node dist-bench/profile.js generate <scale> <dir>        write a workspace (seed 1)
 *   node dist-bench/profile.js findings <dir>                 the verdict and finding counts by rule (sanity check)
 *   node dist-bench/profile.js result <dir>                   the whole result as JSON (to diff two builds of the engine)
 *   node --cpu-prof --cpu-prof-dir=P dist-bench/profile.js cold <dir> [runs]
 *                                                            read + checkWorkspace, new ParseCache each run
 *   node --cpu-prof --cpu-prof-dir=P dist-bench/profile.js incremental <dir> <workflow|requiredChecks|report|all> [edits]
 *                                                            what the server does per keystroke: FolderState with an open
 *                                                            document, one character typed, validation() (no IPC)
 *   BENCH_SERVER_CPU_PROF=P node dist-bench/profile.js lsp <dir> <workflow|requiredChecks|report> [edits]
 *                                                            the bench's LSP scenario for one edit kind: dist/server.js over
 *                                                            stdio, one didChange then a pull per edit (the server's profile
 *                                                            is written to P when it exits)
 *   BENCH_SERVER_CPU_PROF=P node dist-bench/profile.js burst <dir> [edits]
 *                                                            the bench's burst: edits typed ahead, every second pull cancelled
 *   node --cpu-prof --cpu-prof-dir=P dist-bench/profile.js workflows <dir> [runs]
 *                                                            our workflow rules over the workflow files only
 *   node --expose-gc dist-bench/profile.js memory <dir>     heap retained by the parse cache, by component (texts, JSON trees,
 *                                                            JSON values, YAML documents and workflow models, line indexes)
 *   node dist-bench/profile.js summarize <file.cpuprofile> [top]
 *                                                            self and inclusive time per function, in % of the profile
 *
 * With PROFILE=<file.cpuprofile> in the environment, cold, incremental and workflows record a CPU profile
 * (node:inspector, 200 µs sampling) of the measured part only, after a warm-up: no module loading, no first
 * validation in the incremental case.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkWorkspace } from '../../server/src/core/engine';
import { forgetRemembered } from '../../server/src/core/memo';
import { ParseCache } from '../../server/src/core/workspace';
import { defaultSettings, FolderState } from '../../server/src/lsp/folderState';
import { readWorkspace } from '../../server/src/node/workspaceReader';
import { summarizeProfile } from './lib/cpuprofile';
import { EditTarget, GeneratedWorkspace, generateWorkspace } from './lib/generate';
import { measureBurst } from './burst';
import { editing, letters } from './lspIncremental';
import { percentiles } from './lib/stats';
import { ourWorkflowChecks } from './lib/peer';

const repoRoot = path.resolve(__dirname, '..');

/**
 * Runs `work` under the V8 sampling profiler when PROFILE names an output file, or the sampling heap
 * profiler when ALLOCATIONS does (every allocation sampled, also those collected since: what an edit allocates).
 */
async function profiled(work: () => void): Promise<void> {
  const out = process.env.PROFILE;
  const allocations = process.env.ALLOCATIONS;
  if (!out && !allocations) return work();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  if (allocations) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    work();
    const { profile } = await post('HeapProfiler.stopSampling');
    fs.writeFileSync(allocations, JSON.stringify(profile));
    session.disconnect();
    console.log(`allocation profile written to ${allocations}`);
    return;
  }
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  work();
  const { profile } = await post('Profiler.stop');
  fs.writeFileSync(out!, JSON.stringify(profile));
  session.disconnect();
  console.log(`profile written to ${out}`);
}
const [mode, ...args] = process.argv.slice(2);

function findings(dir: string): void {
  const { snapshot } = readWorkspace(dir);
  const t0 = performance.now();
  const result = checkWorkspace(snapshot, { cache: new ParseCache(), log: console.error });
  const ms = performance.now() - t0;
  const byRule = new Map<string, number>();
  for (const f of result.findings) byRule.set(`${f.rule} (${f.severity})`, (byRule.get(`${f.rule} (${f.severity})`) ?? 0) + 1);
  console.log(`files read: ${snapshot.files.size}, skipped: ${snapshot.skipped?.size ?? 0}, policy: ${result.policy.id}${result.policy.file ? ` from ${result.policy.file}` : ' (embedded default!)'}`);
  console.log(`verdict: ${result.verdict}, controls: ${result.controls.length} (${[...new Set(result.controls.map((c) => c.state))].map((s) => `${s} ${result.controls.filter((c) => c.state === s).length}`).join(', ')}), findings: ${result.findings.length}, ${ms.toFixed(0)} ms`);
  for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${rule}`);
  if (args.includes('--show')) for (const f of result.findings.slice(0, 60)) console.log(`${f.file}:${f.range.start.line + 1}: ${f.rule}: ${f.message.slice(0, 200)}`);
}

async function cold(dir: string, runs: number): Promise<void> {
  checkWorkspace(readWorkspace(dir).snapshot, { cache: new ParseCache() }); // warm-up
  await profiled(() => coldRuns(dir, runs));
}

function coldRuns(dir: string, runs: number): void {
  for (let i = 0; i < runs; i++) {
    forgetRemembered();
    const t0 = performance.now();
    const { snapshot } = readWorkspace(dir);
    const t1 = performance.now();
    checkWorkspace(snapshot, { cache: new ParseCache() });
    const t2 = performance.now();
    console.log(`run ${i}: read ${(t1 - t0).toFixed(0)} ms, check ${(t2 - t1).toFixed(0)} ms`);
  }
}

async function incremental(dir: string, target: string, edits: number): Promise<void> {
  const targets = JSON.parse(fs.readFileSync(path.join(dir, '.bench-edits.json'), 'utf8')) as Record<string, { file: string; offset: number }>;
  const chosen = target === 'all' ? Object.values(targets) : [targets[target]];
  const open = new Map<string, string>();
  const uriOf = (file: string) => pathToFileURL(path.join(fs.realpathSync(dir), file)).toString();
  for (const t of chosen) open.set(uriOf(t.file), fs.readFileSync(path.join(dir, t.file), 'utf8'));
  const folder = new FolderState(pathToFileURL(fs.realpathSync(dir)).toString(), 'bench', defaultSettings, (uri) => open.get(uri), () => [...open.keys()], () => undefined, console.error);
  folder.loadFromDisk();
  folder.validation();
  const times: number[] = [];
  await profiled(() => typeAndValidate(edits, chosen, open, uriOf, folder, times));
  folder.dispose();
  times.sort((a, b) => a - b);
  console.log(`${times.length} validations: p50 ${times[Math.floor(times.length / 2)].toFixed(2)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(2)} ms`);
}

function typeAndValidate(edits: number, chosen: { file: string; offset: number }[], open: Map<string, string>, uriOf: (file: string) => string, folder: FolderState, times: number[]): void {
  for (let i = 0; i < edits; i++) {
    for (const t of chosen) {
      const uri = uriOf(t.file);
      const text = open.get(uri)!;
      const typing = i < edits / 2;
      const at = t.offset + (typing ? i : edits - i - 1);
      open.set(uri, typing ? text.slice(0, at) + 'abcdefghij'[i % 10] + text.slice(at) : text.slice(0, at) + text.slice(at + 1));
      folder.documentChanged(uri);
      const t0 = performance.now();
      folder.validation();
      times.push(performance.now() - t0);
    }
  }
}

async function lsp(dir: string, target: string, edits: number): Promise<void> {
  const targets = JSON.parse(fs.readFileSync(path.join(dir, '.bench-edits.json'), 'utf8')) as Record<string, { file: string; offset: number }>;
  const t0 = performance.now();
  const { client, uri } = await editing(path.join(repoRoot, 'dist', 'server.js'), { root: fs.realpathSync(dir) } as GeneratedWorkspace, targets[target] as EditTarget);
  console.log(`opened in ${(performance.now() - t0).toFixed(0)} ms, RSS ${client.memory().rssMb.toFixed(0)} MB`);
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const typing = i < edits / 2;
    const change = client.prepareChange(uri, targets[target].offset + (typing ? i : edits - i - 1), typing ? letters[i % letters.length] : undefined);
    const start = performance.now();
    await client.sendChange(change);
    await client.pull(uri);
    times.push(performance.now() - start);
  }
  const p = percentiles(times);
  console.log(`${edits} edits over LSP: p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms, RSS ${client.memory().rssMb.toFixed(0)} MB`);
  await client.dispose();
}

/** What the parse cache keeps alive, measured by dropping one component at a time (forced GC between). */
function memory(dir: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1024 ** 2;
  };
  const steps: [string, number][] = [['baseline', heap()]];
  const { snapshot } = readWorkspace(dir);
  steps.push(['file texts', heap()]);
  const cache = new ParseCache();
  const result = checkWorkspace(snapshot, { cache });
  steps.push([`parse cache after checkWorkspace (${result.findings.length} findings kept)`, heap()]);
  // Reach into the cache: JSON documents, YAML documents (and the workflow models keyed by them).
  const internals = cache as unknown as { json: Map<string, Record<string, unknown>>; yaml: Map<string, Record<string, unknown>> };
  const drop = (label: string, docs: Iterable<Record<string, unknown>>, fields: string[]) => {
    for (const doc of docs) for (const field of fields) if (Object.prototype.hasOwnProperty.call(doc, field)) doc[field] = undefined;
    steps.push([label, heap()]);
  };
  drop('- JSON trees (root / rootCache)', internals.json.values(), ['root', 'rootCache']);
  drop('- JSON values', internals.json.values(), ['value']);
  drop('- line indexes', [...internals.json.values(), ...internals.yaml.values()], ['lines', 'linesCache']);
  internals.yaml.clear();
  steps.push(['- YAML documents and workflow models', heap()]);
  internals.json.clear();
  steps.push(['- remaining JSON document objects', heap()]);
  let previous = 0;
  for (const [label, mb] of steps) {
    console.log(`${label.padEnd(64)} ${mb.toFixed(0).padStart(5)} MB heap  (${mb - previous >= 0 ? '+' : ''}${(mb - previous).toFixed(0)})`);
    previous = mb;
  }
  void snapshot;
}

async function main(): Promise<void> {
  switch (mode) {
    case 'generate': {
      const ws = generateWorkspace(repoRoot, path.resolve(args[1]), Number(args[0]), 1);
      fs.writeFileSync(path.join(ws.root, '.bench-edits.json'), JSON.stringify(ws.edits));
      console.log(JSON.stringify({ ...ws, edits: ws.edits }, null, 1));
      return;
    }
    case 'findings':
      return findings(args[0]);
    case 'result': {
      // The whole result at a fixed time, to compare two builds of the engine finding by finding.
      const { snapshot } = readWorkspace(args[0], { now: new Date('2026-06-12T09:30:00Z') });
      return console.log(JSON.stringify(checkWorkspace(snapshot, { cache: new ParseCache() }), null, 1));
    }
    case 'cold':
      return cold(args[0], Number(args[1] ?? 3));
    case 'incremental':
      return incremental(args[0], args[1] ?? 'all', Number(args[2] ?? 100));
    case 'lsp':
      return lsp(args[0], args[1] ?? 'report', Number(args[2] ?? 100));
    case 'burst': {
      const edits = JSON.parse(fs.readFileSync(path.join(args[0], '.bench-edits.json'), 'utf8')) as GeneratedWorkspace['edits'];
      await measureBurst(path.join(repoRoot, 'dist', 'server.js'), { root: fs.realpathSync(args[0]), scale: Number(path.basename(args[0])) || 0, edits } as GeneratedWorkspace, Number(args[1] ?? 500));
      return;
    }
    case 'workflows': {
      const { snapshot } = readWorkspace(args[0]);
      const files = [...snapshot.files.keys()].filter((f) => f.startsWith('.github/workflows/'));
      const workflows = new Map(files.map((f) => [f, snapshot.files.get(f)!]));
      for (let i = 0; i < 10; i++) ourWorkflowChecks(workflows, snapshot.files.get('docs/required_status_checks.json')); // warm-up
      return profiled(() => {
        for (let i = 0; i < Number(args[1] ?? 3); i++) {
          const t0 = performance.now();
          ourWorkflowChecks(workflows, snapshot.files.get('docs/required_status_checks.json'));
          console.log(`run ${i}: ${(performance.now() - t0).toFixed(1)} ms over ${files.length} workflows`);
        }
      });
    }
    case 'memory':
      return memory(args[0]);
    case 'summarize':
      return console.log(summarizeProfile(JSON.parse(fs.readFileSync(args[0], 'utf8')), Number(args[1] ?? 25)));
    default:
      console.error('usage: see the header of scripts/bench/profile.ts');
      process.exitCode = 2;
  }
}

void main();
