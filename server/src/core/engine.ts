import { playbookMode, PlaybookSetting } from './adoption';
import { ControlEvaluation, evaluateControls } from './controls/evaluate';
import { withLiveFiles } from './live';
import { liveSummary, withSources } from './liveSummary';
import { assessExceptionRecords } from './controls/exceptions';
import { defaultPolicy, evidencePaths, Policy, withArtifactsFolder, workspacePolicyFile } from './policy/policy';
import { reportKindOf } from './reports/catalog';
import { requiredChecksFiles } from './requiredChecks/model';
import { internalErrorRule, rules } from './rules/index';
import type { Report, Rule, RuleContext } from './rules/rule';
import { validateAgainstSchema } from './schemas/registry';
import { applySuppressions, readSuppressions, suppressionsFile } from './suppressions/suppressions';
import type { Finding, Severity, WorkspaceResult } from './types';
import { decideVerdict } from './verdict';
import { workflowPattern } from './workflow/workflowModel';
import { baseName, ParseCache, patternRegex, WorkspaceModel, WorkspaceSnapshot } from './workspace';

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
  /** The rules to run; default: all of them. */
  rules?: readonly Rule[];
  /** Where the CI's `artifacts/` folder was downloaded to, when not `artifacts/`. */
  artifactsFolder?: string;
  /** Whether the playbook applies: decided from the repository (auto), or set. */
  playbook?: PlaybookSetting;
}

/** The whole pipeline: files → parse → model → controls → rules → findings → verdict. */
export function checkWorkspace(input: WorkspaceSnapshot, options: CheckOptions = {}): WorkspaceResult {
  // Live evidence enters as files where the workspace has none; its commit is the one the verdict is for.
  const { files, liveFiles } = withLiveFiles(input.files, input.live);
  const snapshot = input.live ? { ...input, files, headSha: input.live.sha ?? input.headSha } : input;
  const model = new WorkspaceModel(snapshot, options.cache);
  const { policy, policyFile, fromFile } = resolvePolicy(model, options.policyFile, options.artifactsFolder);
  const playbookReports = findReportFiles(model, policy);
  // The commit's check runs are laid as a file for any repository with CI: on their own they adopt nothing.
  const checkRuns = policy.ciEvidence?.checkRuns;
  const mode = playbookMode(model, policy, policyFile, playbookReports, options.playbook, new Set(checkRuns !== undefined && liveFiles.has(checkRuns) ? [checkRuns] : []));
  const adopted = mode.playbook === 'adopted';
  // Not adopted: no control is evaluated and no playbook artifact read; the required checks and workflows still are.
  const exceptionRecords = adopted ? assessExceptionRecords(model, policy) : [];
  const evaluation: ControlEvaluation = adopted ? evaluateControls(model, policy, exceptionRecords) : { results: [], unmet: [] };
  const reportFiles = adopted ? playbookReports : [];
  const evidence = adopted ? evidencePaths(policy).flatMap((path) => model.match(path)) : requiredChecksFiles(model, policy);
  const context: RuleContext = {
    model,
    policy,
    policyFile,
    evaluation,
    exceptionRecords,
    reportFiles,
    jsonFiles: [...new Set([...reportFiles, ...evidence, ...(policyFile && adopted ? [policyFile] : []), ...(model.exists(suppressionsFile) ? [suppressionsFile] : [])])].sort(),
    workflowFiles: model.files().filter((file) => workflowPattern.test(file)),
    suppressions: [],
    trace: options.trace,
  };
  context.suppressions = readSuppressions(model, context.workflowFiles);
  const selected = options.rules ?? rules;
  // Not adopted: the playbook's own rules are silent.
  const active = adopted ? selected : selected.filter((r) => !r.playbook);
  // A live file is not in the workspace: what is wrong with it shows on its control, not as a diagnostic.
  const run = (after: boolean) => runRules(context, options, active.filter((r) => (r.afterSuppressions ?? false) === after)).filter((finding) => !liveFiles.has(finding.file));
  const { active: unsuppressed, suppressed, used } = applySuppressions(run(false), context.suppressions, model);
  context.usedSuppressions = used;
  const findings = [...unsuppressed, ...run(true)].sort(compareFindings);
  return {
    verdict: adopted ? decideVerdict(evaluation.results) : 'not-applicable',
    mode,
    policy: { id: policy.policy, version: policy.version, title: policy.title, ...(fromFile ? { file: policyFile } : {}) },
    sections: adopted ? policy.sections.map((s) => ({ id: s.id, title: s.title, kind: s.kind ?? 'gate' })) : [],
    controls: input.live ? withSources(evaluation.results, liveFiles) : evaluation.results,
    findings,
    suppressed,
    ...(input.live ? { live: liveSummary(model, input.live, liveFiles) } : {}),
  };
}

/** The policy in force: the workspace's when it is valid, else the embedded default. */
export function resolvePolicy(model: WorkspaceModel, requested?: string, artifactsFolder?: string): { policy: Policy; policyFile?: string; fromFile: boolean } {
  const file = requested ?? (model.exists(workspacePolicyFile) ? workspacePolicyFile : undefined);
  const doc = file ? model.json(file) : undefined;
  // A broken policy file is reported by the JSON and schema rules; the embedded default stands in meanwhile.
  const valid = doc?.isValid === true && validateAgainstSchema('readiness-policy', doc.value).length === 0;
  return { policy: withArtifactsFolder(valid ? (doc!.value as Policy) : defaultPolicy, artifactsFolder), policyFile: file, fromFile: valid };
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
  for (const rule of selected) {
    const override = options.ruleSeverity?.[rule.id];
    if (override === 'off') continue;
    const check = rule.fileLocal ? checkLocal : checkDirect;
    for (const file of rule.files(context)) {
      try {
        check(rule, context, file, (report) => {
          findings.push({
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
        options.log?.(`Rule ${rule.id} failed on ${file}: ${error instanceof Error ? error.stack : String(error)}`);
        findings.push({
          rule: internalErrorRule,
          severity: 'error',
          file,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `Internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}. The other rules still ran; please report this with the file.`,
        });
      }
    }
  }
  return findings.sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
