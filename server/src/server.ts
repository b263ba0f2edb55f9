import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CompletionItem,
  CompletionParams,
  DefinitionParams,
  DidChangeWatchedFilesParams,
  CompletionItemKind,
  createConnection,
  Diagnostic,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  HoverParams,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  Location,
  PrepareRenameParams,
  ProposedFeatures,
  ReferenceParams,
  RenameParams,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkspaceDiagnosticParams,
  WorkspaceDocumentDiagnosticReport,
  WorkspaceFolder,
  WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { adoptionFiles } from './core/adoption';
import { checkWorkspace } from './core/engine';
import { fixAll } from './core/fixes/fixAll';
import { quickFixes } from './core/fixes/index';
import { editBetween } from './core/fixes/textEdit';
import type { FixContext } from './core/fixes/verify';
import { completions, hover } from './core/language/assistance';
import { definition, FileLocation, prepareRename, references, renameJob } from './core/language/navigation';
import { LineIndex } from './core/text/lineIndex';
import { toCodeAction, toDiagnostic, toFinding, toWorkspaceEdit, ruleDocumentationUri } from './lsp/convert';
import { defaultSettings, FolderSettings, FolderState } from './lsp/folderState';
import { checkedNotification, checkedRequest } from './lsp/requestParams';
import { toMarkdown } from './core/output/markdown';
import { AdoptionFiles, adoptionRequest, evidenceMarkdownRequest, fixAllKind, fixAllRequest, FixAllResult, FolderLive, FolderVerdict, githubTokenNotification, ProblemFile, refreshLiveRequest, verdictChangedNotification, VerdictModel, verdictRequest } from './protocol';
import { userAgent } from './node/checkFolder';
import { tokenFromEnvironment } from './node/github/readLive';
import { tool } from './node/tool';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const folders = new Map<string, FolderState>();
let pullDiagnostics = false;
let configurationSupport = false;
let watchedFilesRegistration = false;
let lastVerdictJson = '';
/** Per file URI: the diagnostics last reported, and an id that changes when they do. */
const reported = new Map<string, { json: string; resultId: string }>();
let resultCounter = 0;
const workspaceWaiters: (() => void)[] = [];

const log = (message: string) => connection.console.log(message);
const logError = (message: string) => connection.console.error(message);

function folderOf(uri: string): FolderState | undefined {
  let best: FolderState | undefined;
  for (const folder of folders.values()) {
    if (folder.relativePath(uri) !== undefined && (!best || folder.root.length > best.root.length)) best = folder;
  }
  return best;
}

function addFolder(folder: WorkspaceFolder): void {
  const state = new FolderState(
    folder.uri,
    folder.name,
    defaultSettings,
    (uri) => documents.get(uri)?.getText(),
    () => documents.keys(),
    onValidated,
    log,
  );
  folders.set(folder.uri, state);
  // Read with the default settings at once, so early requests have answers; settings may re-read it.
  state.loadFromDisk();
}

async function applySettings(folder: FolderState): Promise<void> {
  const before = JSON.stringify(folder.settings);
  await loadSettings(folder);
  if (JSON.stringify(folder.settings) !== before) folder.loadFromDisk();
  if (JSON.stringify(folder.settings.github) !== JSON.stringify(JSON.parse(before).github) || folder.liveState.kind === 'off') await folder.refreshLive(githubToken ?? tokenFromEnvironment(), userAgent);
}

async function loadSettings(folder: FolderState): Promise<void> {
  if (!configurationSupport) return;
  const settings = (await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'readiness' })) as Partial<FolderSettings> | null;
  folder.settings = { ...defaultSettings, ...(settings ?? {}) };
}

/** After a folder's validation: refresh pulled diagnostics (or push them), and tell the client when the verdict moved. */
function onValidated(folder: FolderState): void {
  const { findingsByFile, changedFiles, verdictChanged } = folder.validation();
  const changed: string[] = [];
  for (const file of changedFiles) {
    const uri = folder.uriOf(file);
    const diagnostics = (findingsByFile.get(file) ?? []).map((f) => toDiagnostic(f, folder));
    const json = JSON.stringify(diagnostics);
    if (reported.get(uri)?.json === json) continue;
    changed.push(uri);
    if (diagnostics.length === 0 && !pullDiagnostics) reported.delete(uri);
    else reported.set(uri, { json, resultId: String(++resultCounter) });
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics });
  }
  if (pullDiagnostics && changed.length > 0) {
    connection.languages.diagnostics.refresh();
    workspaceWaiters.splice(0).forEach((wake) => wake());
  }
  if (!verdictChanged) return;
  const model = verdictModel();
  const json = JSON.stringify(model);
  if (json !== lastVerdictJson) {
    lastVerdictJson = json;
    void connection.sendNotification(verdictChangedNotification, model);
  }
}

function folderVerdict(folder: FolderState): FolderVerdict {
  const { result, policy, model, findingsByFile } = folder.validation();
  const problems = { error: 0, warning: 0, information: 0, hint: 0, files: [] as ProblemFile[] };
  for (const finding of result.findings) problems[finding.severity]++;
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
    localValidation: policy.localValidation ?? [],
    suppressed: result.suppressed.map((f) => ({
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

let githubToken: string | undefined;

/** Reads live evidence for every folder: the signed-in session's token, else GITHUB_TOKEN of the environment. */
async function refreshLive(): Promise<void> {
  await Promise.all([...folders.values()].map((folder) => folder.refreshLive(githubToken ?? tokenFromEnvironment(), userAgent).catch((error) => log(`Live evidence for ${folder.name} failed: ${String(error)}`))));
}

connection.onNotification(
  githubTokenNotification,
  checkedNotification('readiness/githubToken', (params: { token?: string }) => {
    githubToken = params.token || undefined;
    void refreshLive();
  }, logError),
);

connection.onRequest(refreshLiveRequest, () => refreshLive());

function verdictModel(): VerdictModel {
  return { folders: [...folders.values()].map(folderVerdict) };
}

/** The cursor of a request: its folder's current validation, the file and the offset (undefined outside a known file). */
function cursorAt(params: { textDocument: { uri: string }; position: { line: number; character: number } }) {
  const folder = folderOf(params.textDocument.uri);
  const file = folder?.relativePath(params.textDocument.uri);
  if (!folder || file === undefined) return undefined;
  const validation = folder.validation();
  const text = validation.model.text(file);
  if (text === undefined) return undefined;
  return { folder, file, offset: new LineIndex(text).offsetAt(params.position), ...validation };
}

function toLocations(folder: FolderState, locations: FileLocation[]): Location[] {
  return locations.map((l) => Location.create(folder.uriOf(l.file), l.range));
}

const versionOf = (uri: string) => documents.get(uri)?.version ?? null;

connection.onInitialize(checkedRequest('initialize', (params: InitializeParams): InitializeResult => {
  pullDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
  configurationSupport = params.capabilities.workspace?.configuration === true;
  watchedFilesRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(fileURLToPath(params.rootUri)) }] : []);
  for (const folder of initialFolders) addFolder(folder);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'readiness', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind], resolveProvider: false },
      completionProvider: { triggerCharacters: ['"'] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: tool.name, version: tool.version },
  };
}));


connection.onInitialized(() => {
  if (watchedFilesRegistration) {
    // Tools and git write evidence without the editor: watch every kind of file the policy can name.
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{json,yml,yaml,md}' }, { globPattern: '**/.git/HEAD' }],
    });
  }
  connection.workspace.onDidChangeWorkspaceFolders(
    checkedNotification(
      'workspace/didChangeWorkspaceFolders',
      (event: WorkspaceFoldersChangeEvent) => {
        for (const removed of event.removed) {
          folders.get(removed.uri)?.dispose();
          folders.delete(removed.uri);
        }
        for (const added of event.added) {
          addFolder(added);
          void applySettings(folders.get(added.uri)!);
        }
      },
      logError,
    ),
  );
  for (const folder of folders.values()) void applySettings(folder);
});

connection.onDidChangeConfiguration(() => {
  for (const folder of folders.values()) void applySettings(folder);
});

connection.onDidChangeWatchedFiles(
  checkedNotification(
    'workspace/didChangeWatchedFiles',
    ({ changes }: DidChangeWatchedFilesParams) => {
      for (const change of changes) {
        const folder = folderOf(change.uri);
        const file = folder?.relativePath(change.uri);
        if (folder && file !== undefined && !documents.get(change.uri)) folder.fileChangedOnDisk(file);
      }
    },
    logError,
  ),
);

documents.onDidChangeContent(({ document }) => folderOf(document.uri)?.markDirty());
documents.onDidClose(({ document }) => {
  const folder = folderOf(document.uri);
  const file = folder?.relativePath(document.uri);
  if (folder && file !== undefined) folder.fileChangedOnDisk(file); // back to what is on disk
});

function documentReport(uri: string, previousResultId?: string): DocumentDiagnosticReport {
  folderOf(uri)?.validation();
  const current = reported.get(uri);
  const resultId = current?.resultId ?? '0';
  if (previousResultId === resultId) return { kind: 'unchanged', resultId };
  return { kind: 'full', resultId, items: current ? (JSON.parse(current.json) as Diagnostic[]) : [] };
}

connection.languages.diagnostics.on(
  checkedRequest('textDocument/diagnostic', async (params: DocumentDiagnosticParams, token: CancellationToken) => {
    // Answered once the edits already received are in: a burst of pulls shares one validation, a cancelled one does none.
    const settled = await folderOf(params.textDocument.uri)?.settledValidation(token);
    if (token.isCancellationRequested && !settled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return documentReport(params.textDocument.uri, params.previousResultId);
  }),
);

connection.languages.diagnostics.onWorkspace(checkedRequest('workspace/diagnostic', async (params: WorkspaceDiagnosticParams, token: CancellationToken) => {
  const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
  const collect = (): WorkspaceDocumentDiagnosticReport[] => {
    for (const folder of folders.values()) folder.validation();
    return [...reported.keys()]
      .filter((uri) => previous.get(uri) !== reported.get(uri)!.resultId)
      .map((uri) => ({ uri, version: versionOf(uri), ...documentReport(uri) }) as WorkspaceDocumentDiagnosticReport);
  };
  let items = collect();
  // Long poll: with nothing new, answer when something changes (or the client cancels).
  while (items.length === 0 && !token.isCancellationRequested) {
    await new Promise<void>((wake) => {
      workspaceWaiters.push(wake);
      token.onCancellationRequested(() => wake());
    });
    items = collect();
  }
  return { items };
}));

/** Whether a code-action request's `only` asks for this kind (a kind covers its sub-kinds). */
function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** Every preferred required-check fix of the folder, applied one at a time, as one edit per changed file. */
function folderFixAll(folder: FolderState): FixAllResult {
  const { model, options } = folder.validation();
  const outcome = fixAll(model.snapshot, options);
  const edits = [...outcome.changed].map(([file, text]) => editBetween(file, model.text(file) ?? '', text));
  return { edit: toWorkspaceEdit(edits, model, folder, versionOf), applied: outcome.applied.map((a) => a.title), remaining: outcome.remaining.length };
}

connection.onCodeAction(checkedRequest('textDocument/codeAction', (params: CodeActionParams) => {
  const folder = folderOf(params.textDocument.uri);
  if (!folder) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (only && wanted(only, fixAllKind)) {
    const all = folderFixAll(folder);
    if (all.applied.length > 0) actions.push({ title: `Fix all check-name drift (${all.applied.length} fix${all.applied.length === 1 ? '' : 'es'})`, kind: fixAllKind, edit: all.edit });
  }
  if (!wanted(only, CodeActionKind.QuickFix)) return actions;
  const { model, policy, result, options } = folder.validation();
  const context: FixContext = { model, policy, result, options, recheck: checkWorkspace };
  const documented = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const finding = toFinding(diagnostic);
    if (!finding) continue;
    for (const fix of quickFixes(finding, context)) actions.push(toCodeAction(fix, diagnostic, model, folder, versionOf));
    if (!documented.has(finding.rule)) {
      documented.add(finding.rule);
      actions.push({
        title: `Show documentation of rule ${finding.rule}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: 'Show rule documentation', command: 'readiness.showRuleDocumentation', arguments: [finding.rule, ruleDocumentationUri(finding.rule)] },
      });
    }
  }
  return actions;
}));

connection.onRequest(
  fixAllRequest,
  checkedRequest('readiness/fixAll', (params: { uri: string }): FixAllResult | null => {
    const folder = folders.get(params.uri) ?? folderOf(params.uri);
    return folder ? folderFixAll(folder) : null;
  }),
);

connection.onCompletion(checkedRequest('textDocument/completion', (params: CompletionParams) => {
  const at = cursorAt(params);
  if (!at) return [];
  const lines = new LineIndex(at.model.text(at.file)!);
  return completions(at.model, at.policy, at.file, at.offset).map(
    (candidate, index): CompletionItem => ({
      label: candidate.label,
      detail: candidate.detail,
      kind: CompletionItemKind.Value,
      sortText: String(index).padStart(5, '0'),
      ...(candidate.replace
        ? { textEdit: TextEdit.replace(lines.range(candidate.replace.offset, candidate.replace.offset + candidate.replace.length), JSON.stringify(candidate.label)), filterText: JSON.stringify(candidate.label) }
        : { insertText: JSON.stringify(candidate.label) }),
    }),
  );
}));

connection.onHover(
  checkedRequest('textDocument/hover', (params: HoverParams) => {
    const at = cursorAt(params);
    if (!at) return null;
    const markdown = hover(at.model, at.policy, at.result.controls, at.file, at.offset);
    return markdown ? { contents: { kind: 'markdown' as const, value: markdown } } : null;
  }),
);

connection.onDefinition(
  checkedRequest('textDocument/definition', (params: DefinitionParams) => {
    const at = cursorAt(params);
    return at ? toLocations(at.folder, definition(at.model, at.policy, at.file, at.offset)) : [];
  }),
);

connection.onReferences(
  checkedRequest('textDocument/references', (params: ReferenceParams) => {
    const at = cursorAt(params);
    return at ? toLocations(at.folder, references(at.model, at.policy, at.file, at.offset)) : [];
  }),
);

connection.onPrepareRename(
  checkedRequest('textDocument/prepareRename', (params: PrepareRenameParams) => {
    const at = cursorAt(params);
    return (at && prepareRename(at.model, at.file, at.offset)) ?? null;
  }),
);

connection.onRenameRequest(
  checkedRequest('textDocument/rename', (params: RenameParams) => {
    const at = cursorAt(params);
    const edits = at && renameJob(at.model, at.policy, at.file, at.offset, params.newName);
    return at && edits ? toWorkspaceEdit(edits, at.model, at.folder, versionOf) : null;
  }),
);

connection.onRequest(verdictRequest, (): VerdictModel => verdictModel());

connection.onRequest(
  evidenceMarkdownRequest,
  checkedRequest('readiness/evidenceMarkdown', (params: { uri: string }): string => {
    const folder = folders.get(params.uri) ?? [...folders.values()][0];
    return folder ? toMarkdown(folder.validation().result, { headSha: folder.headSha }) : '';
  }),
);

connection.onRequest(
  adoptionRequest,
  checkedRequest('readiness/adoption', (params: { uri: string }): AdoptionFiles | undefined => {
    const folder = folders.get(params.uri);
    if (!folder) return undefined;
    const adoption = adoptionFiles(folder.validation().model);
    return { ...adoption, files: adoption.files.map((f) => ({ ...f, uri: folder.uriOf(f.path) })) };
  }),
);

// Document sync reaches TextDocuments only with params of the protocol's types: a didChange is applied whole or not at all.
documents.listen({
  onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(checkedNotification('textDocument/didOpen', handler, logError)),
  onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(checkedNotification('textDocument/didChange', handler, logError)),
  onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(checkedNotification('textDocument/didClose', handler, logError)),
  onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(checkedNotification('textDocument/willSave', handler, logError)),
  onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(checkedRequest('textDocument/willSaveWaitUntil', handler)),
  onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(checkedNotification('textDocument/didSave', handler, logError)),
});
connection.listen();
