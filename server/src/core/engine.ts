import { playbookMode, PlaybookSetting } from './adoption';
import { ControlEvaluation, evaluateControls } from './controls/evaluate';
import { IncrementalState, noteVolatile } from './incremental';
import { withLiveFiles } from './live';
import { liveSummary, withSources } from './liveSummary';
import { assessExceptionRecords } from './controls/exceptions';
import { defaultPolicy, evidencePaths, Policy, withArtifactsFolder, workspacePolicyFile } from './policy/policy';
import { reportKindOf } from './reports/catalog';
import { requiredChecksFiles } from './requiredChecks/model';
import { internalErrorRule, rules } from './rules/index';
import type { Report, Rule, RuleContext } from './rules/rule';
import { validateAgainstSchema } from './schemas/registry';
import { applySuppressions, readSuppressions, Suppression, suppressionsFile } from './suppressions/suppressions';
import type { Finding, Severity, WorkspaceResult } from './types';
import { decideVerdict } from './verdict';
import { workflowFiles } from './workflow/workflowModel';
import { patternRegex } from './fileGlob';
import { baseName, ParseCache, WorkspaceModel, WorkspaceSnapshot } from './workspace';

export interface CheckOptions {
  /** Workspace-relative path of the policy file; default: .github/readiness-policy.json when present. */
  policyFile?: string;
  /** Per-rule severity, or "off" to disable a rule. */
  ruleSeverity?: Record<string, Severity | 'off'>;
  /** Reuses parses between runs while files are unchanged. */
  cache?: ParseCache;
  /** Where the stack of a fault inside a rule goes. */
  log?: (message: string) => void;
  /** What the rules chose not to check, and why (the editor's output channel); once per file text. */
  trace?: (message: string) => void;
  /** Results kept from the previous checks of this workspace, reused where what they read is unchanged. */
  incremental?: IncrementalState;
  /** With `incremental`: every file whose text or presence may differ from the previous check (else all are compared). */
  changedFiles?: Iterable<string>;
  /** The rules to run; default: all of them. */
  rules?: readonly Rule[];
  /** Where the CI's `artifacts/` folder was downloaded to, when not `artifacts/`. */
  artifactsFolder?: string;
  /** Whether the playbook applies: decided from the repository (auto), or set. */
  playbook?: PlaybookSetting;
}

/** The whole pipeline: files → parse → model → controls → rules → findings → verdict. */
export function checkWorkspace(input: WorkspaceSnapshot, options: CheckOptions = {}): WorkspaceResult {
  const checked = checkControls(input, options);
  const { model, policy, policyFile, selected, adopted, evaluation, exceptionRecords, liveFiles, isAdopted, playbookReports } = checked;
  const jsonFiles = () =>
    model.derived('engine', 'json-files', () => {
      const adopted = isAdopted();
      const reportFiles = adopted ? playbookReports() : [];
      const evidence = adopted ? evidencePaths(policy).flatMap((path) => model.match(path)) : requiredChecksFiles(model, policy);
      return [...new Set([...reportFiles, ...evidence, ...(policyFile && adopted ? [policyFile] : []), ...(model.exists(suppressionsFile) ? [suppressionsFile] : [])])].sort();
    });
  const suppressions = () => model.derived('engine', 'suppressions', () => readSuppressions(model, workflowFiles(model)));
  let usedSuppressions: ReadonlySet<Suppression> | undefined;
  // What a rule reads of the engine's own work: kept results carry what they read; the evaluation, the
  // exception records and the suppressions used are worked out on every check, so a rule reading them is too.
  const context: RuleContext = {
    model,
    policy,
    policyFile,
    get evaluation() {
      noteVolatile();
      return evaluation;
    },
    get exceptionRecords() {
      noteVolatile();
      return exceptionRecords;
    },
    get reportFiles() {
      return isAdopted() ? playbookReports() : [];
    },
    get jsonFiles() {
      return jsonFiles();
    },
    get workflowFiles() {
      return workflowFiles(model);
    },
    get suppressions() {
      return suppressions();
    },
    get usedSuppressions() {
      noteVolatile();
      return usedSuppressions;
    },
    trace: options.trace,
  };
  // Not adopted: the playbook's own rules are silent.
  const active = adopted ? selected : selected.filter((r) => !r.playbook);
  // A live file is not in the workspace: what is wrong with it shows on its control, not as a diagnostic.
  const run = (after: boolean) => runRules(context, options, active.filter((r) => (r.afterSuppressions ?? false) === after)).filter((finding) => !liveFiles.has(finding.file));
  const { active: unsuppressed, suppressed, used } = applySuppressions(run(false), suppressions(), model);
  usedSuppressions = used;
  const findings = sortFindings([...unsuppressed, ...run(true)]);
  return { ...checked.verdict, findings, suppressed };
}

/** What the controls say, without any rule: the verdict of `checkWorkspace`, which never reads a finding. */
export type ControlsResult = Omit<WorkspaceResult, 'findings' | 'suppressed'>;

/**
 * Files → parse → model → controls → verdict: the part of a check the verdict follows from. The language
 * server answers with it first on a large workspace, while the rules still run; `checkWorkspace` goes on from it.
 */
export function checkVerdict(input: WorkspaceSnapshot, options: CheckOptions = {}): ControlsResult {
  return checkControls(input, options).verdict;
}

function checkControls(input: WorkspaceSnapshot, options: CheckOptions) {
  // Live evidence enters as files where the workspace has none; its commit is the one the verdict is for.
  const { files, liveFiles } = withLiveFiles(input.files, input.live);
  const snapshot = input.live ? { ...input, files, headSha: input.live.sha ?? input.headSha } : input;
  const model = new WorkspaceModel(snapshot, options.cache, options.incremental);
  const { policy, policyFile, fromFile } = resolvePolicy(model, options.policyFile, options.artifactsFolder);
  const selected = options.rules ?? rules;
  options.incremental?.update(files, snapshot.skipped ?? noFiles, [policy, policyFile, input.live, snapshot.headSha, input.pullRequestBase, input.calledWorkflows, selected, settingsKey(options)], input.now.getTime(), options.changedFiles, model);
  // Derived values are asked for again wherever they are read, so that what they read is noted there too.
  const playbookReports = () => model.derived('engine', 'report-files', () => findReportFiles(model, policy));
  // The commit's check runs are laid as a file for any repository with CI: on their own they adopt nothing.
  const checkRuns = policy.ciEvidence?.checkRuns;
  const laidCheckRuns = new Set(checkRuns !== undefined && liveFiles.has(checkRuns) ? [checkRuns] : []);
  const modeOf = () => model.derived('engine', 'mode', () => playbookMode(model, policy, policyFile, playbookReports(), options.playbook, laidCheckRuns));
  const isAdopted = () => modeOf().playbook === 'adopted';
  const mode = modeOf();
  const adopted = isAdopted();
  // Not adopted: no control is evaluated and no playbook artifact read; the required checks and workflows still are.
  const exceptionRecords = adopted ? assessExceptionRecords(model, policy) : [];
  const evaluation: ControlEvaluation = adopted ? evaluateControls(model, policy, exceptionRecords) : { results: [], unmet: [] };
  const verdict: ControlsResult = {
    verdict: adopted ? decideVerdict(evaluation.results) : 'not-applicable',
    mode,
    policy: { id: policy.policy, version: policy.version, title: policy.title, ...(fromFile ? { file: policyFile } : {}) },
    sections: adopted ? policy.sections.map((s) => ({ id: s.id, title: s.title, kind: s.kind ?? 'gate' })) : [],
    controls: input.live ? withSources(evaluation.results, liveFiles) : evaluation.results,
    ...(input.live ? { live: liveSummary(model, input.live, liveFiles) } : {}),
  };
  return { model, policy, policyFile, selected, adopted, evaluation, exceptionRecords, liveFiles, isAdopted, playbookReports, verdict };
}

const noFiles: ReadonlyMap<string, string> = new Map();

/** The settings a check's results follow from, besides the files, as one comparable value. */
function settingsKey(options: CheckOptions): string {
  return JSON.stringify([options.policyFile, options.ruleSeverity, options.artifactsFolder, options.playbook]);
}

/** The policy in force: the workspace's when it is valid, else the embedded default. */
export function resolvePolicy(model: WorkspaceModel, requested?: string, artifactsFolder?: string): { policy: Policy; policyFile?: string; fromFile: boolean } {
  const file = requested ?? (model.exists(workspacePolicyFile) ? workspacePolicyFile : undefined);
  const doc = file ? model.json(file) : undefined;
  // A broken policy file is reported by the JSON and schema rules; the embedded default stands in meanwhile.
  const valid = doc?.isValid === true && validateAgainstSchema('readiness-policy', doc.value).length === 0;
  return { policy: relocated(valid ? (doc!.value as Policy) : defaultPolicy, artifactsFolder), policyFile: file, fromFile: valid };
}

/** One policy object per parse of the policy file and artifacts folder: what an incremental check compares. */
const relocations = new WeakMap<Policy, Map<string | undefined, Policy>>();

function relocated(policy: Policy, artifactsFolder: string | undefined): Policy {
  let byFolder = relocations.get(policy);
  if (!byFolder) relocations.set(policy, (byFolder = new Map()));
  let moved = byFolder.get(artifactsFolder);
  if (!moved) byFolder.set(artifactsFolder, (moved = withArtifactsFolder(policy, artifactsFolder)));
  return moved;
}

/** Known report files in the folders the policy reads evidence from. */
function findReportFiles(model: WorkspaceModel, policy: Policy): string[] {
  const folders = new Set(evidencePaths(policy).map((path) => path.slice(0, path.lastIndexOf('/') + 1)));
  // A folder without `*` holds exactly the files whose parent it is; one lookup per file, not one regex per folder.
  const patterns = [...folders].filter((folder) => folder.includes('*')).map((folder) => patternRegex(`${folder}*`));
  return model.files().filter((file) => reportKindOf(baseName(file)) && (folders.has(file.slice(0, file.lastIndexOf('/') + 1)) || patterns.some((regex) => regex.test(file))));
}

/** Reports of the file-local rules, per parse (see Rule.fileLocal). */
const localReports = new WeakMap<object, Map<string, Report[]>>();

function checkLocal(rule: Rule, context: RuleContext, file: string, emit: (report: Report) => void): void {
  const doc = rule.fileLocal === 'yaml' ? context.model.yaml(file) : context.model.json(file);
  if (!doc) return rule.check(context, file, emit);
  let byRule = localReports.get(doc);
  if (!byRule) localReports.set(doc, (byRule = new Map()));
  let reports = byRule.get(rule.id);
  if (!reports) {
    const collected: Report[] = [];
    rule.check(context, file, (report) => collected.push(report));
    byRule.set(rule.id, (reports = collected));
  }
  reports.forEach(emit);
}

const checkDirect = (rule: Rule, context: RuleContext, file: string, emit: (report: Report) => void) => rule.check(context, file, emit);

function runRules(context: RuleContext, options: CheckOptions, selected: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  const { model } = context;
  for (const rule of selected) {
    const override = options.ruleSeverity?.[rule.id];
    if (override === 'off') continue;
    const scope = `rule:${rule.id}`;
    const files = model.derived('rule-files', rule.id, () => rule.files(context));
    for (const finding of model.derivedAll(scope, files, (file) => checkFile(rule, context, override, file, options.log))) findings.push(finding);
  }
  return sortFindings(findings);
}

/** A rule's findings on one file; a fault inside the rule becomes a finding of its own. */
function checkFile(rule: Rule, context: RuleContext, override: Severity | undefined, file: string, log?: (message: string) => void): readonly Finding[] {
  // Most files give a rule nothing to say: they share one empty list (a result is kept per rule and file).
  let findings: Finding[] | undefined;
  const check = rule.fileLocal ? checkLocal : checkDirect;
  try {
    check(rule, context, file, (report) => {
      (findings ??= []).push({
        rule: rule.id,
        severity: override ?? report.severity ?? rule.defaultSeverity,
        file,
        range: report.range,
        message: report.message,
        ...(report.subject !== undefined ? { subject: report.subject } : {}),
        ...(report.check !== undefined ? { check: report.check } : {}),
        ...(report.data !== undefined ? { data: report.data } : {}),
        ...(report.related ? { related: report.related } : {}),
      });
    });
  } catch (error) {
    log?.(`Rule ${rule.id} failed on ${file}: ${error instanceof Error ? error.stack : String(error)}`);
    (findings ??= []).push({
      rule: internalErrorRule,
      severity: 'error',
      file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `Internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}. The other rules still ran; please report this with the file.`,
    });
  }
  return findings ?? noFindings;
}

const noFindings: readonly Finding[] = [];

/**
 * Findings by file (in localeCompare order), position and rule. Each file's place in that order is worked
 * out once, when the file first has a finding: a check sorts every finding again, and comparing two paths
 * through the collator costs a hundred times comparing two numbers.
 */
function sortFindings(findings: Finding[]): Finding[] {
  const unranked = new Set<string>();
  for (const finding of findings) if (!fileRanks.has(finding.file)) unranked.add(finding.file);
  if (unranked.size > 0) {
    const files = [...fileRanks.keys(), ...unranked].sort((a, b) => a.localeCompare(b));
    // Paths the collator holds equal (canonically equivalent) share a rank: they still compare by position.
    files.forEach((file, index) => fileRanks.set(file, index > 0 && files[index - 1].localeCompare(file) === 0 ? fileRanks.get(files[index - 1])! : index));
  }
  return findings.sort(compareFindings);
}

/** The paths findings were on, ranked in localeCompare order (a workspace's files: bounded by its size). */
const fileRanks = new Map<string, number>();

function compareFindings(a: Finding, b: Finding): number {
  return fileRanks.get(a.file)! - fileRanks.get(b.file)! || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
