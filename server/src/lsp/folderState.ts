import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Disposable } from 'vscode-languageserver';
import type { PlaybookSetting } from '../core/adoption';
import { checkVerdict, checkWorkspace, CheckOptions, ControlsResult, resolvePolicy } from '../core/engine';
import { IncrementalState, sameItems } from '../core/incremental';
import { Policy, workspaceFilePatterns } from '../core/policy/policy';
import { workflowRuleIds } from '../core/rules/index';
import { releaseParse, workflowReadFrom } from '../core/workflow/workflowModel';
import type { Finding, Severity, WorkspaceResult } from '../core/types';
import { patternRegex } from '../core/fileGlob';
import { ParseCache, WorkspaceModel, WorkspaceSnapshot } from '../core/workspace';
import type { LiveEvidence } from '../core/live';
import { readLiveEvidence } from '../node/github/readLive';
import { defaultMaxFileSize, readGitHead, readWorkspace, readWorkspaceFile } from '../node/workspaceReader';
import { collectGarbage } from '../node/collectGarbage';
import { FolderTexts } from './folderTexts';

/** Settings of one workspace folder (`readiness.*`, resource scope). */
export interface FolderSettings {
  policyFile?: string;
  artifactsFolder?: string;
  ruleSeverity: Record<string, Severity | 'off'>;
  workflowChecks: boolean;
  maxFileSizeMB: number;
  /** readiness.github.*: live evidence from GitHub (on when a token is there), and the REST root. */
  github?: { enabled?: boolean; apiUrl?: string };
  playbook: PlaybookSetting;
}

/** How the live reads of a folder stand, for the view. */
export type LiveState = { kind: 'off' } | { kind: 'signed-out' } | { kind: 'reading' } | { kind: 'live' } | { kind: 'error'; message: string };

/** How long a waiting request lets received messages through before it validates anyway (a burst that goes on is answered in steps). */
const maxSettleMs = 20;

/**
 * Turns in a row without an edit or a request that end the wait: a message that is neither (the client's
 * answer to a refresh, another notification) takes a turn of its own without ending a burst.
 */
const quietTurns = 3;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const defaultSettings: FolderSettings = { ruleSeverity: {}, workflowChecks: true, maxFileSizeMB: defaultMaxFileSize / (1024 * 1024), playbook: 'auto' };

/** The latest validation of a folder, and what the features need to answer from it. */
export interface FolderValidation {
  version: number;
  result: WorkspaceResult;
  model: WorkspaceModel;
  policy: Policy;
  /** What the check ran with, so a fix is re-checked the same way. */
  options: CheckOptions;
  findingsByFile: Map<string, Finding[]>;
  /** Files whose findings differ from the previous validation's (found again as the same objects when unchanged). */
  changedFiles: string[];
  /** Whether anything the verdict view shows may differ from the previous validation. */
  verdictChanged: boolean;
}

/** The verdict of a folder's first check, answered from the controls before the rules have run. */
export interface ControlsFirst {
  result: ControlsResult;
  model: WorkspaceModel;
  policy: Policy;
}

/**
 * One workspace folder: files on disk (kept current through watched-file events), open documents laid
 * over them, parses cached per file text, and validation debounced after each change.
 */
export class FolderState {
  readonly root: string;
  /** Files on disk, with the text of the latest read until the check after it is done (then read back on demand). */
  private disk = new Map<string, string | undefined>();
  private skipped = new Map<string, string>();
  /** What the last validation checked (disk with the open documents laid over it), kept current in place. */
  private files = new Map<string, string | undefined>();
  private readonly texts = new FolderTexts(this.files, (file) => this.readBack(file));
  /** The open documents' texts as checked. */
  private readonly opened = new Map<string, string>();
  private checkedSkipped = new Map<string, string>();
  /** Files whose disk text is held: dropped once a check has read it. */
  private readonly held = new Set<string>();
  /** Whether the texts of a whole read of the folder are held: their memory is given back after the check. */
  private wholeReadHeld = false;
  /** Files whose text or presence may have changed since the last validation; undefined: any of them. */
  private touched?: Set<string>;
  /** The URI each open document was last edited under, by file. */
  private readonly documentUris = new Map<string, string>();
  headSha?: string;
  private patterns: RegExp[] = [];
  private readonly relevance = new Map<string, boolean>();
  private readonly cache = new ParseCache();
  /** What the previous validations worked out, reused for what an edit did not touch. */
  private readonly incremental = new IncrementalState();
  private timer?: NodeJS.Timeout;
  private current?: FolderValidation;
  /** Before the first validation is done: the verdict of its controls (see checkInSteps). */
  private controlsFirst?: ControlsFirst;
  private steps?: Promise<void>;
  /**
   * Where the verdict of the first check goes as soon as the controls are checked, before the rules run (on a
   * large workspace they take as long again); resolved once it is sent. Without it the first check is one step.
   */
  announceVerdictFirst?: (folder: FolderState) => Promise<void>;
  private dirty = true;
  private version = 0;
  /** Counts what arrives (edits, files read again, requests waiting): a burst of requests waits until it stops. */
  private activity = 0;
  private settling?: Promise<void>;
  private readonly uris = new Map<string, string>();
  private readonly paths = new Map<string, string | undefined>();
  /** The last good live evidence, kept (with its age) while GitHub cannot be reached. */
  live?: LiveEvidence;
  private validatedLive?: LiveEvidence;
  private validatedLiveState?: LiveState;
  liveState: LiveState = { kind: 'off' };

  constructor(
    readonly uri: string,
    readonly name: string,
    public settings: FolderSettings,
    private readonly openText: (uri: string) => string | undefined,
    private readonly openUris: () => string[],
    private readonly onValidated: (folder: FolderState) => void,
    private readonly log: (message: string) => void,
  ) {
    this.root = fileURLToPath(uri);
  }

  /** Reads every relevant file from disk (at start, after a policy change or a settings change). */
  loadFromDisk(): void {
    const { snapshot, policyFile, policy } = readWorkspace(this.root, { policyFile: this.settings.policyFile, maxFileSize: this.maxFileSize, artifactsFolder: this.settings.artifactsFolder, cache: this.cache });
    this.disk = new Map(snapshot.files);
    for (const file of this.disk.keys()) this.held.add(file);
    this.wholeReadHeld = true;
    this.skipped = new Map(snapshot.skipped ?? []);
    this.headSha = snapshot.headSha;
    this.patterns = workspaceFilePatterns(policy, policyFile).map(patternRegex);
    this.relevance.clear();
    this.touched = undefined;
    this.markDirty();
  }

  /** A setting that does not change what is read changed (rule severities, the playbook mode): checks again. */
  settingsChanged(): void {
    this.markDirty(0);
  }

  private get maxFileSize(): number {
    return this.settings.maxFileSizeMB * 1024 * 1024;
  }

  /** The workspace-relative path of a URI in this folder (every message names one: worked out once per URI). */
  relativePath(uri: string): string | undefined {
    if (this.paths.has(uri)) return this.paths.get(uri);
    let file: string | undefined;
    if (uri.startsWith('file:')) {
      const relative = path.relative(this.root, fileURLToPath(uri));
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) file = relative.split(path.sep).join('/');
    }
    this.paths.set(uri, file);
    return file;
  }

  uriOf(file: string): string {
    let uri = this.uris.get(file);
    if (uri === undefined) this.uris.set(file, (uri = pathToFileURL(path.join(this.root, file)).toString()));
    return uri;
  }

  isRelevant(file: string): boolean {
    // A policy can name thousands of evidence paths: each file is matched against them once per policy.
    let relevant = this.relevance.get(file);
    if (relevant === undefined) this.relevance.set(file, (relevant = this.patterns.some((pattern) => pattern.test(file))));
    return relevant;
  }

  /** A file changed on disk (written by a tool, a checkout): re-read it, or everything when the policy or HEAD moved. */
  fileChangedOnDisk(file: string): void {
    if (file === '.git/HEAD' || file.startsWith('.git/refs/')) {
      this.headSha = readGitHead(this.root);
      this.markDirty();
      return;
    }
    if (file === (this.settings.policyFile ?? '.github/readiness-policy.json')) return this.loadFromDisk();
    if (!this.isRelevant(file)) return;
    const read = readWorkspaceFile(this.root, file, this.maxFileSize);
    this.disk.delete(file);
    this.skipped.delete(file);
    if (read && 'text' in read) {
      this.disk.set(file, read.text);
      this.held.add(file);
    } else if (read) this.skipped.set(file, read.skipped);
    this.touched?.add(file);
    this.markDirty();
  }

  /** An open document's text changed (or it was opened). */
  documentChanged(uri: string): void {
    const file = this.relativePath(uri);
    if (file === undefined) return;
    this.documentUris.set(file, uri);
    this.touched?.add(file);
    this.markDirty();
  }

  private markDirty(delay = 150): void {
    this.dirty = true;
    this.activity++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.current || !this.announceVerdictFirst ? this.validate() : void this.firstCheck()), delay);
  }

  /** The latest validation, brought up to date first when a change is pending (so fixes never use stale text). */
  validation(): FolderValidation {
    if (this.dirty || !this.current) this.validate();
    return this.current!;
  }

  /**
   * The validation a request waits for: first the messages already received are let through (edits of a
   * burst typed ahead, the requests after this one, the cancellation of this very request), so that every
   * request of the burst is answered from one validation of the latest texts. Messages are handled one per
   * turn of the event loop, so turns in which none arrived mean the burst is in. Undefined when the
   * request was cancelled meanwhile.
   */
  async settledValidation(token: CancellationToken): Promise<FolderValidation | undefined> {
    this.activity++;
    if (token.isCancellationRequested) return undefined;
    // One wait for the whole burst, however many requests are waiting.
    const settling = (this.settling ??= this.settle().finally(() => (this.settling = undefined)));
    let cancellation: Disposable | undefined;
    await new Promise<void>((resolve) => {
      void settling.then(resolve);
      cancellation = token.onCancellationRequested(() => resolve());
    });
    cancellation?.dispose();
    return token.isCancellationRequested ? undefined : this.validation();
  }

  private async settle(): Promise<void> {
    const until = performance.now() + maxSettleMs;
    await nextTurn();
    let quiet = 0;
    while (quiet < quietTurns && performance.now() < until) {
      const seen = this.activity;
      await nextTurn();
      quiet = this.activity === seen ? quiet + 1 : 0;
    }
  }

  /**
   * The first check of the folder, in two steps when the verdict can be announced: the controls, whose
   * verdict is sent at once, then, once it is sent (requests that came meanwhile are answered first), the
   * rules. Started by the first validation's timer, or at once by a request for the verdict.
   */
  firstCheck(): Promise<void> {
    if (this.current || !this.announceVerdictFirst) return Promise.resolve();
    return (this.steps ??= this.checkInSteps().finally(() => (this.steps = undefined)));
  }

  private async checkInSteps(): Promise<void> {
    this.controlsFirst ??= this.checkControls();
    await this.announceVerdictFirst?.(this);
    // The files checked are those of the controls' step (their results are kept): only what changed since is read again.
    if (!this.current || this.dirty) this.validate();
  }

  private checkControls(): ControlsFirst {
    const input = this.checkInput();
    return { result: checkVerdict(input.snapshot, { ...input.options, incremental: this.incremental }), model: input.model, policy: input.policy };
  }

  /**
   * The validation brought up to date, except during a first check in steps: then the verdict of its controls
   * (problems still to come; worked out now for a folder whose first check has not started, as another
   * folder's announcement asks).
   */
  latest(): FolderValidation | ControlsFirst {
    if (this.current || !this.announceVerdictFirst) return this.validation();
    return (this.controlsFirst ??= this.checkControls());
  }

  private validate(): void {
    const { snapshot, model, policy, options, touched } = this.checkInput();
    const result = checkWorkspace(snapshot, { ...options, incremental: this.incremental, changedFiles: touched });
    const findingsByFile = new Map<string, Finding[]>();
    for (const finding of result.findings) {
      const list = findingsByFile.get(finding.file);
      if (list) list.push(finding);
      else findingsByFile.set(finding.file, [finding]);
    }
    const previous = this.current;
    const changedFiles = previous ? [...new Set([...findingsByFile.keys(), ...previous.findingsByFile.keys()])].filter((file) => !sameItems(findingsByFile.get(file), previous.findingsByFile.get(file))) : [...findingsByFile.keys()];
    const verdictChanged =
      !previous ||
      changedFiles.length > 0 ||
      previous.result.verdict !== result.verdict ||
      JSON.stringify([previous.result.mode, previous.result.policy, previous.result.sections, previous.result.suppressed, previous.result.live]) !== JSON.stringify([result.mode, result.policy, result.sections, result.suppressed, result.live]) ||
      !sameItems(previous.result.controls, result.controls) ||
      previous.policy !== policy ||
      this.live !== this.validatedLive ||
      this.liveState !== this.validatedLiveState;
    this.validatedLive = this.live;
    this.validatedLiveState = this.liveState;
    this.current = { version: ++this.version, result, model, policy, options, findingsByFile, changedFiles, verdictChanged };
    this.controlsFirst = undefined;
    this.release();
    if (this.wholeReadHeld) {
      // Once release has returned: nothing of its own still holds what it dropped.
      this.wholeReadHeld = false;
      collectGarbage();
    }
    this.onValidated(this);
  }

  /** Brings the files to check up to date (the changed ones, or all of them) and what the check runs with. */
  private checkInput(): { snapshot: WorkspaceSnapshot; model: WorkspaceModel; policy: Policy; options: CheckOptions; touched?: Set<string> } {
    clearTimeout(this.timer);
    this.dirty = false;
    const touched = this.touched;
    this.touched = new Set();
    if (touched) {
      for (const file of touched) if (!this.refresh(file)) touched.delete(file);
    } else {
      this.files.clear();
      for (const [file, text] of this.disk) this.files.set(file, text);
      this.opened.clear();
      this.checkedSkipped = new Map(this.skipped);
      for (const uri of this.openUris()) {
        const file = this.relativePath(uri);
        if (file === undefined) continue;
        this.documentUris.set(file, uri);
        this.refresh(file);
      }
      this.cache.retain(this.texts);
    }
    const { texts: files, checkedSkipped: skipped } = this;
    const ruleSeverity = { ...this.settings.ruleSeverity };
    if (!this.settings.workflowChecks) for (const id of workflowRuleIds) ruleSeverity[id] = 'off';
    const snapshot = { files, skipped, headSha: this.headSha, now: new Date(), live: this.live };
    const model = new WorkspaceModel(snapshot, this.cache);
    const { policy, policyFile } = resolvePolicy(model, this.settings.policyFile, this.settings.artifactsFolder);
    const options: CheckOptions = { policyFile, ruleSeverity, cache: this.cache, log: this.log, trace: this.log, artifactsFolder: this.settings.artifactsFolder, playbook: this.settings.playbook };
    return { snapshot, model, policy, options, touched };
  }

  /**
   * Brings one file of the checked snapshot up to date: the open document's text, else what is on disk.
   * False when it is known to be as the last check had it (an open document checked with the same text).
   */
  private refresh(file: string): boolean {
    const uri = this.documentUris.get(file);
    const text = uri !== undefined && this.isRelevant(file) ? this.openText(uri) : undefined;
    if (uri !== undefined && text === undefined) this.documentUris.delete(file);
    const checked = this.opened.get(file);
    this.files.delete(file);
    this.opened.delete(file);
    this.checkedSkipped.delete(file);
    if (text === undefined) {
      const reason = this.skipped.get(file);
      if (this.disk.has(file)) this.files.set(file, this.disk.get(file));
      else if (reason !== undefined) this.checkedSkipped.set(file, reason);
      // A file gone or not read keeps no parse of the text it had, nor a closed document of the text typed.
      if (!this.disk.has(file) || checked !== undefined) this.cache.forget(file);
    } else if (text.length > this.maxFileSize) {
      // The same limit as on disk: an open 100 MB document is not parsed on every keystroke.
      this.checkedSkipped.set(file, `${Math.round(text.length / (1024 * 1024))} MB is over the ${this.settings.maxFileSizeMB} MB limit set by readiness.maxFileSizeMB`);
      this.cache.forget(file);
    } else {
      this.files.set(file, text);
      this.opened.set(file, text);
      return text !== checked;
    }
    return true;
  }

  /**
   * After a check: the disk texts it read are dropped (read back when asked again), and so are the parses
   * of files not open but the policy (their workflows parse their text again when asked). After a read of
   * the whole folder, the memory its texts and parses took is given back to the system.
   */
  private release(): void {
    for (const file of this.held) {
      if (this.disk.has(file)) this.disk.set(file, undefined);
      if (this.files.has(file) && !this.opened.has(file)) this.files.set(file, undefined);
    }
    this.held.clear();
    this.texts.release();
    // The policy's parse stays: the policy object it gives is what the kept results were worked out for.
    const policyFile = this.current?.options.policyFile;
    for (const doc of this.cache.dropExcept((file) => this.opened.has(file) || file === policyFile)) {
      const workflow = workflowReadFrom(doc);
      if (workflow) releaseParse(workflow);
    }
  }

  /** The text of a file on disk that is no longer held: the latest parse's, else read again. */
  private readBack(file: string): string | undefined {
    const parsed = this.cache.textOf(file);
    if (parsed !== undefined) return parsed;
    const read = readWorkspaceFile(this.root, file, this.maxFileSize);
    return read && 'text' in read ? read.text : undefined;
  }

  /** Reads the live evidence again; a failure keeps the last good evidence and says why. */
  async refreshLive(token: string | undefined, userAgent: string): Promise<void> {
    if (this.settings.github?.enabled === false) {
      this.live = undefined;
      this.liveState = { kind: 'off' };
    } else if (!token) {
      this.liveState = { kind: 'signed-out' };
    } else {
      this.liveState = { kind: 'reading' };
      const read = await readLiveEvidence(this.root, { files: new FolderTexts(this.disk, (file) => this.readBack(file)), now: new Date() }, { overrides: { apiUrl: this.settings.github?.apiUrl || undefined }, token, policyFile: this.settings.policyFile, artifactsFolder: this.settings.artifactsFolder, userAgent });
      if ('error' in read) {
        this.liveState = { kind: 'error', message: read.error };
      } else if (this.live && !read.reads.some((r) => r.outcome === 'read')) {
        // Nothing could be read: offline or rate limited. The last good evidence stands, marked with its age.
        this.live = { ...this.live, errors: [...read.errors, `showing the live evidence checked at ${this.live.checkedAt}`] };
        this.liveState = { kind: 'live' };
      } else {
        this.live = read;
        this.liveState = { kind: 'live' };
      }
    }
    this.markDirty(0);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
