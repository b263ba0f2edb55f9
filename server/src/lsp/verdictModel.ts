import { pathToFileURL } from 'node:url';
import type { FolderLive, FolderVerdict, ProblemFile, VerdictModel } from '../protocol';
import type { Finding } from '../core/types';
import type { ControlsFirst, FolderState, FolderValidation } from './folderState';

/**
 * The verdict of every folder, as the view shows it: by default from each folder's validation brought up to
 * date, or from what `checked` says is known.
 */
export function verdictModel(folders: readonly FolderState[], checked: (folder: FolderState) => FolderValidation | ControlsFirst = (folder) => folder.validation()): VerdictModel {
  return { folders: folders.map((folder) => folderVerdict(folder, checked(folder))) };
}

/** How long validations must pause before the verdict model is built and sent, and the longest it waits during continuous typing. */
const verdictPauseMs = 100;
const verdictMaxWaitMs = 1000;

/**
 * Sends the verdict model (`build`) when it differs from the one last sent, once validations pause: the
 * view does not follow each keystroke, and building and sending every control (a megabyte at thousands of
 * controls) is kept out of the path of the diagnostics the user is waiting for. `moved` is called after each
 * validation that may have moved the verdict, `typing` at each edit: a pending announcement waits for the
 * pause. `now` sends at once (the verdict of a first check, before its rules run), resolved once it is sent.
 */
export function verdictAnnouncer(build: () => VerdictModel, send: (model: VerdictModel) => Promise<void>): { moved: () => void; typing: () => void; now: () => Promise<void> } {
  let lastJson = '';
  let timer: NodeJS.Timeout | undefined;
  let waitingSince: number | undefined;
  const announce = async () => {
    clearTimeout(timer);
    timer = undefined;
    waitingSince = undefined;
    const model = build();
    const json = JSON.stringify(model);
    if (json === lastJson) return;
    lastJson = json;
    await send(model);
  };
  const wait = () => {
    const now = performance.now();
    waitingSince ??= now;
    clearTimeout(timer);
    timer = setTimeout(() => void announce(), Math.max(0, Math.min(verdictPauseMs, waitingSince + verdictMaxWaitMs - now)));
  };
  return {
    moved: wait,
    typing: () => {
      if (timer) wait();
    },
    now: announce,
  };
}

function folderVerdict(folder: FolderState, checked: FolderValidation | ControlsFirst): FolderVerdict {
  const { result, policy, model } = checked;
  // The controls' verdict of a first check comes before its rules have run: no problem is known yet.
  const validation = 'findingsByFile' in checked ? checked : undefined;
  const findingsByFile = validation?.findingsByFile ?? new Map<string, Finding[]>();
  const problems = { error: 0, warning: 0, information: 0, hint: 0, files: [] as ProblemFile[] };
  for (const findings of findingsByFile.values()) for (const finding of findings) problems[finding.severity]++;
  for (const [file, findings] of findingsByFile) {
    problems.files.push({ uri: folder.uriOf(file), path: file, errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length });
  }
  // A live file opens from the cache it was unpacked into; one without a copy (the check runs) opens nowhere.
  const liveFiles = new Map(result.live?.files.map((f) => [f.path, f.location]) ?? []);
  const evidenceUri = (file: string) => (liveFiles.has(file) ? (liveFiles.get(file) ? pathToFileURL(liveFiles.get(file)!).toString() : undefined) : folder.uriOf(file));
  return {
    uri: folder.uri,
    name: folder.name,
    verdict: result.verdict,
    mode: result.mode,
    policy: { ...result.policy, uri: result.policy.file ? folder.uriOf(result.policy.file) : undefined },
    sections: result.sections,
    controls: result.controls.map((c) => ({
      id: c.id,
      section: c.section,
      title: c.title,
      required: c.required,
      state: c.state,
      reason: c.reason,
      remediation: c.remediation,
      uri: c.file ? evidenceUri(c.file) : undefined,
      range: c.range,
      failing: c.failing.map((f) => ({ label: f.label, detail: f.detail, uri: evidenceUri(f.file) ?? folder.uriOf(f.file), range: f.range })),
      localValidation: c.localValidation,
      ...(c.source ? { source: c.source } : {}),
    })),
    problems,
    checking: !validation,
    localValidation: policy.localValidation ?? [],
    suppressed: (validation?.result.suppressed ?? []).map((f) => ({
      rule: f.rule,
      message: f.message,
      uri: folder.uriOf(f.file),
      range: f.range,
      reason: f.suppression.reason,
      until: f.suppression.until,
      approvedBy: f.suppression.approvedBy,
      suppressionUri: folder.uriOf(f.suppression.file),
      suppressionRange: f.suppression.range,
    })),
    hasEvidence: result.controls.some((c) => c.file !== undefined && model.exists(c.file)),
    exceptions: policy.exceptions ? { uri: folder.uriOf(policy.exceptions.file), controls: policy.exceptions.controls, runbook: policy.exceptions.runbook } : undefined,
    live: folderLive(folder),
  };
}

function folderLive(folder: FolderState): FolderLive {
  const live = folder.live;
  if (!live) return { state: folder.liveState.kind, errors: folder.liveState.kind === 'error' ? [folder.liveState.message] : [] };
  const time = live.checkedAt.slice(11, 16);
  const rulesRead = live.rules && live.apiUrl && live.branch;
  return {
    state: folder.liveState.kind === 'reading' ? 'reading' : 'live',
    line: `live: ${live.sha ? live.sha.slice(0, 7) : 'no commit'} on ${live.branch ?? 'a detached HEAD'}, checked ${time} UTC`,
    checkedAt: live.checkedAt,
    errors: live.errors,
    ...(rulesRead
      ? { verified: { account: live.account, checkedAt: live.checkedAt, rulesets: live.rules!.rulesets.map((r) => `ruleset ${r.id} (${r.sourceType} ${r.source})`), url: `${live.apiUrl}/repos/${live.repo}/rules/branches/${encodeURIComponent(live.branch!)}` } }
      : {}),
  };
}
