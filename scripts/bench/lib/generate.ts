import * as fs from 'node:fs';
import * as path from 'node:path';
import defaultPolicyDocument from '../../../server/src/core/policy/default-policy.json';
import { builders, canFail, envelopeNames, executiveSummary, governanceInputs, loadTemplates, ReportName, reportNames, runtimeInputs } from './reports';
import { Rng } from './rng';
import { GeneratedWorkflow, generateWorkflow } from './workflows';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Where a benchmark types: a file, and the offset of the insertion point inside a string value. */
export interface EditTarget {
  file: string;
  offset: number;
  /** What the edited string is, for the report. */
  what: string;
}

export interface GeneratedWorkspace {
  root: string;
  scale: number;
  /** Files the engine reads (the policy's patterns), counted by the generator. */
  fileCount: number;
  bytes: number;
  workflowFiles: string[];
  workflowBytes: number;
  maxJobs: number;
  totalJobs: number;
  requiredChecks: number;
  reportFiles: number;
  evidenceFolders: number;
  bigReports: string[];
  controls: number;
  edits: { workflow: EditTarget; requiredChecks: EditTarget; report: EditTarget };
}

/** Share of the files that are workflows, and the job count of the largest one, per scale. */
function shape(scale: number): { workflows: number; maxJobs: number; requiredChecks: number; bigReports: number } {
  return {
    workflows: Math.max(3, Math.round(scale * 0.06)),
    maxJobs: scale >= 5000 ? 300 : scale >= 500 ? 100 : 30,
    requiredChecks: scale >= 5000 ? 200 : scale >= 500 ? 100 : 20,
    bigReports: Math.max(1, Math.round(scale / 300)),
  };
}

const generatedAt = (rng: Rng) => `2026-06-12T08:${String(rng.int(10, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}Z`;
const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/**
 * Writes a synthetic workspace of about `scale` engine-read files under `root`:
 *
 * - `.github/readiness-policy.json`: the embedded playbook, plus the report and executive-summary controls of
 *   §2.2–§2.4 (and §4.7) repeated for every service folder `artifacts/svc-NNN/`, so the engine reads and
 *   validates every report (the reader takes `*.json` of each folder the policy names evidence in);
 * - `artifacts/` and `artifacts/svc-NNN/`: every report contract, two executive summaries over them, some
 *   envelope reports with 10,000 checks, a few reports failing one entry;
 * - `.github/workflows/`: the example's ci.yml and smoke.yml (48 KB) and generated workflows, the largest
 *   with `maxJobs` jobs, matrices, `needs`, Python heredocs and artifact uploads;
 * - `docs/required_status_checks.json` with up to 200 checks mapped to generated jobs, and the branch
 *   protection policy document naming them.
 */
export function generateWorkspace(repoRoot: string, root: string, scale: number, seed: number): GeneratedWorkspace {
  const rng = new Rng(seed * 7919 + scale);
  const { workflows: workflowCount, maxJobs, requiredChecks: requiredCount, bigReports: bigCount } = shape(scale);
  const example = path.join(repoRoot, 'examples', 'agent-skills');
  const templates = loadTemplates(repoRoot);
  fs.rmSync(root, { recursive: true, force: true });
  let bytes = 0;
  let fileCount = 0;
  const write = (file: string, text: string) => {
    const absolute = path.join(root, file);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, text);
    bytes += Buffer.byteLength(text);
    fileCount++;
  };

  // Folders: the example's artifacts/ and as many service folders as the scale needs.
  const fixed = 3; // policy, required checks, policy document
  const rootFiles = reportNames.length + 3; // + check_runs, needs_context, smoke_report
  let remaining = scale - fixed - workflowCount - rootFiles;
  const folders: { folder: string; names: ReportName[] }[] = [{ folder: 'artifacts', names: [...reportNames] }];
  for (let i = 0; remaining > 0; i++) {
    const count = Math.min(remaining, reportNames.length);
    // A partial folder has its first reports; summaries only in complete ones.
    folders.push({ folder: `artifacts/svc-${String(i + 1).padStart(3, '0')}`, names: reportNames.slice(0, count) as ReportName[] });
    remaining -= count;
  }
  const serviceFolders = folders.slice(1);

  // Envelope reports with 10,000 checks, spread over the folders.
  const big = new Set<string>();
  for (let b = 0; b < bigCount; b++) {
    const holder = serviceFolders.length > 0 ? serviceFolders[Math.floor((b * serviceFolders.length) / bigCount)] : folders[0];
    const name = envelopeNames[b % envelopeNames.length];
    big.add(`${(holder.names.includes(name) ? holder : folders[0]).folder}/${name}`);
  }

  // The report that is edited in the incremental benchmark fails one check, whose detail is typed into.
  const editedReport = `${(serviceFolders[0] ?? folders[0]).folder}/policy_gate_freshness_report.json`;

  let reportFiles = 0;
  for (const { folder, names } of folders) {
    const reports = new Map<string, Json>();
    const folderRng = rng.fork(folder);
    for (const name of names) {
      const file = `${folder}/${name}`;
      const context = {
        rng: folderRng.fork(name),
        folder,
        generatedAt: generatedAt(folderRng),
        fail: file === editedReport || (canFail.has(name) && folderRng.chance(0.03)),
        checks: big.has(file) ? 10_000 : undefined,
      };
      let report: Json;
      if (name === 'governance_executive_summary.json' || name === 'runtime_governance_executive_summary.json') {
        const inputs = (name === 'governance_executive_summary.json' ? governanceInputs : runtimeInputs).map((input) => ({ path: `${folder}/${input}`, report: reports.get(input) }));
        report = executiveSummary(templates.get(name), context, inputs);
      } else {
        report = builders[name]!(templates.get(name), context);
      }
      reports.set(name, report);
      write(file, json(report));
      reportFiles++;
    }
  }

  // Workflows: the example's two, then generated ones, one of them with maxJobs jobs.
  const workflowFiles: string[] = [];
  let workflowBytes = 0;
  const generated: GeneratedWorkflow[] = [];
  for (const name of ['ci.yml', 'smoke.yml']) {
    const text = fs.readFileSync(path.join(example, '.github', 'workflows', name), 'utf8');
    write(`.github/workflows/${name}`, text);
    workflowFiles.push(`.github/workflows/${name}`);
    workflowBytes += Buffer.byteLength(text);
  }
  const folderNames = folders.map((f) => f.folder);
  let totalJobs = 0;
  for (let i = 0; i < workflowCount - 2; i++) {
    const fileName = i === 0 ? 'monorepo.yml' : `${rng.pick(['svc', 'service', 'pipeline', 'verify', 'release'])}-${String(i).padStart(3, '0')}.yml`;
    const jobs = i === 0 ? maxJobs : rng.int(3, rng.chance(0.2) ? 40 : 16);
    const workflow = generateWorkflow(rng.fork(fileName), fileName, jobs, folderNames, reportNames);
    write(`.github/workflows/${fileName}`, workflow.text);
    workflowFiles.push(`.github/workflows/${fileName}`);
    workflowBytes += Buffer.byteLength(workflow.text);
    totalJobs += jobs;
    generated.push(workflow);
  }

  // Required checks: the example's three, then names of generated jobs on pull requests.
  const candidates = generated.filter((w) => w.pullRequest).flatMap((w) => w.jobs.flatMap((job) => job.checkNames.map((name) => ({ name, workflow: w.fileName, job }))));
  const seen = new Set<string>();
  const unique = candidates.filter((c) => !seen.has(c.name) && seen.add(c.name));
  // The workflow edit types into the name of a required job: a plain job with a name, not in monorepo.yml.
  const editable = unique.find((c) => c.workflow !== 'monorepo.yml' && c.job.name && !c.job.matrix && c.name === c.job.name) ?? unique.find((c) => c.job.name && !c.job.matrix && c.name === c.job.name)!;
  const chosen = [editable, ...rng.sample(unique.filter((c) => c !== editable), requiredCount - 4)];
  const required = [
    { name: 'cognitive-quality-gates', workflow: 'ci.yml', jobId: 'cognitive-quality-gates' },
    { name: 'policy-bundle-governance', workflow: 'ci.yml', jobId: 'policy-bundle-governance' },
    { name: 'runtime_canary', workflow: 'smoke.yml', jobId: 'runtime_canary' },
    ...chosen.map((c) => ({ name: c.name, workflow: c.workflow, jobId: c.job.id })),
  ];
  const requiredText = json({
    required_status_checks: required.map((r) => r.name),
    check_job_mapping: Object.fromEntries(required.map((r) => [r.name, { workflow: r.workflow, job_id: r.jobId }])),
  });
  write('docs/required_status_checks.json', requiredText);
  const policyDocument = fs.readFileSync(path.join(example, 'docs', 'BRANCH_PROTECTION_POLICY.md'), 'utf8');
  const listed = required.map((r) => `- \`${r.name}\` (${r.workflow})`).join('\n');
  write('docs/BRANCH_PROTECTION_POLICY.md', policyDocument.replace(/## Required Status Checks\n\n(- .*\n)+/, `## Required Status Checks\n\n${listed}\n`));

  // CI evidence for the commit: a check run per required check and per job the playbook names.
  const checkRunsTemplate = templates.get('check_runs.json');
  const runTemplate = checkRunsTemplate.check_runs[0];
  const runNames = [...new Set([...checkRunsTemplate.check_runs.map((r: Json) => r.name), ...required.map((r) => r.name)])];
  const runs = runNames.map((name, index) => ({ ...runTemplate, id: 60114230000 + index, name, conclusion: 'success', output: { ...runTemplate.output, annotations_count: 0 } }));
  write('artifacts/check_runs.json', json({ total_count: runs.length, check_runs: runs }));
  const needs = templates.get('needs_context.json');
  for (const job of Object.values(needs) as Json[]) job.result = 'success';
  write('artifacts/needs_context.json', json(needs));
  write('artifacts/smoke_report.json', json(templates.get('smoke_report.json')));

  // The policy: the playbook, with its per-folder evidence controls repeated for every service folder.
  const policy: Json = JSON.parse(JSON.stringify(defaultPolicyDocument));
  delete policy.$schema;
  policy.policy = 'bench-monorepo-playbook';
  policy.title = 'Production Readiness Playbook (every service folder)';
  const perFolder = policy.controls.filter(
    (c: Json) => (c.evidence.kind === 'report' || c.evidence.kind === 'executiveSummary') && ['2.2', '2.3', '2.4', '4'].includes(c.section) && c.evidence.path.startsWith('artifacts/') && c.id !== 'evidence.release_lineage',
  );
  for (const { folder, names } of serviceFolders) {
    const service = folder.slice(folder.lastIndexOf('/') + 1);
    const present = (p: string) => names.includes(p.slice(p.lastIndexOf('/') + 1) as ReportName) || p.includes('*');
    for (const control of perFolder) {
      const evidence = JSON.parse(JSON.stringify(control.evidence).replaceAll('"artifacts/', `"${folder}/`));
      if (!present(evidence.path)) continue;
      if (evidence.kind === 'executiveSummary' && !evidence.inputs.every(present)) continue;
      policy.controls.push({ ...control, id: `${service}.${control.id}`, title: `${service}: ${control.title}`, evidence });
    }
  }
  write('.github/readiness-policy.json', json(policy));

  const readOf = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
  const editedWorkflowText = readOf(`.github/workflows/${editable.workflow}`);
  const jobAt = editedWorkflowText.indexOf(`\n  ${editable.job.id}:\n    name: `);
  const reportText = readOf(editedReport);
  const failing = reportText.indexOf('"passed": false');
  const detailAt = reportText.indexOf('"detail": "', failing) + '"detail": "'.length;
  return {
    root,
    scale,
    fileCount,
    bytes,
    workflowFiles,
    workflowBytes,
    maxJobs,
    totalJobs,
    requiredChecks: required.length,
    reportFiles,
    evidenceFolders: folders.length,
    bigReports: [...big],
    controls: policy.controls.length,
    edits: {
      workflow: { file: `.github/workflows/${editable.workflow}`, offset: editedWorkflowText.indexOf('\n', jobAt + 1 + `  ${editable.job.id}:\n`.length), what: `name of required job ${editable.job.id}` },
      requiredChecks: { file: 'docs/required_status_checks.json', offset: requiredText.indexOf(`"${chosen[1].name}"`) + 1 + chosen[1].name.length, what: `required check "${chosen[1].name}"` },
      report: { file: editedReport, offset: reportText.indexOf('"', detailAt), what: 'detail of a failing check' },
    },
  };
}
