/** The language server's wiring: the connection, its capabilities, and each message handed to its feature module. */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  CodeActionRequest,
  CompletionRequest,
  createConnection,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticRequest,
  HoverRequest,
  InitializeParams,
  InitializeRequest,
  InitializeResult,
  LSPErrorCodes,
  Message,
  PrepareRenameRequest,
  ProposedFeatures,
  ReferencesRequest,
  ResponseMessage,
  RenameRequest,
  TextDocuments,
  TextDocumentSyncKind,
  WillSaveTextDocumentNotification,
  WillSaveTextDocumentWaitUntilRequest,
  WorkspaceDiagnosticRequest,
  WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './lsp/codeActions';
import { DiagnosticsReporter } from './lsp/diagnostics';
import { evidenceMarkdown, folderAdoption, folderFixAll } from './lsp/folderRequests';
import type { FolderSettings, FolderState } from './lsp/folderState';
import { LanguageFeatures } from './lsp/languageFeatures';
import { checkedNotification, checkedRequest } from './lsp/requestParams';
import { verdictAnnouncer, verdictModel } from './lsp/verdictModel';
import { WorkspaceFolders } from './lsp/workspaceFolders';
import { AdoptionRequest, EvidenceMarkdownRequest, fixAllKind, FixAllRequest, GitHubTokenNotification, RefreshLiveRequest, VerdictChangedNotification, VerdictRequest } from './protocol';
import { tool } from './node/tool';

// After each full collection V8 lets the old generation grow to a multiple of what survived, chosen from
// its own speed (up to 4×); an editor's server keeps its parses for the whole session, so that headroom is
// memory held for nothing. 1.5× keeps the RSS flat over long editing (measured: 147 → 253 MB over 20,000
// edits at the default, 162 MB throughout at 1.5×) and costs the first check nothing measurable.
v8.setFlagsFromString('--heap-growing-percent=50');

/**
 * A request the client cancelled before its turn came is refused as it is read, instead of taking a turn
 * of the event loop to be dispatched (a burst typed ahead cancels every superseded pull).
 */
const cancelUndispatched = (message: Message): ResponseMessage | undefined =>
  Message.isRequest(message) ? { jsonrpc: '2.0', id: message.id, error: { code: LSPErrorCodes.RequestCancelled, message: 'cancelled before it was handled' } } : undefined;
const connection = createConnection(ProposedFeatures.all, { cancelUndispatched });
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);
const logError = (message: string) => connection.console.error(message);
const versionOf = (uri: string) => documents.get(uri)?.version ?? null;

const folders = new WorkspaceFolders(documents, onValidated, log);
const diagnostics = new DiagnosticsReporter(connection, folders, versionOf);
const features = new LanguageFeatures(folders, versionOf);
const verdictAnnouncements = verdictAnnouncer(
  () => verdictModel(folders.all(), (folder) => folder.latest()),
  (model) => connection.sendNotification(VerdictChangedNotification.type, model),
);
folders.announceVerdictFirst = () => verdictAnnouncements.now();
let watchedFilesRegistration = false;

let compilingForKeystrokes = false;

/** After a folder's validation: its diagnostics, and the verdict when it moved. */
function onValidated(folder: FolderState): void {
  // Once a first check is done (its code compiled with inlining, for throughput), TurboFan compiles without
  // inlining, several times faster: on two cores its background compiles of the paths a keystroke takes
  // slowed the first few dozen keystrokes of each kind to 4–13 ms (measured over LSP at 500 files, p95 of
  // 200 edits: required checks 4.8–6.8 → 3.4–4.4 ms, workflow 7.4–8.2 → 5.4–6.1 ms). Inlining off from the
  // start made the first check of 5,000 files about 10% slower.
  if (!compilingForKeystrokes) {
    compilingForKeystrokes = true;
    v8.setFlagsFromString('--no-turbo-inlining');
  }
  diagnostics.update(folder);
  if (folder.validation().verdictChanged) verdictAnnouncements.moved();
}

connection.onInitialize(checkedRequest(InitializeRequest, (params: InitializeParams): InitializeResult => {
  diagnostics.pull = params.capabilities.textDocument?.diagnostic !== undefined;
  if (params.capabilities.workspace?.configuration === true) {
    folders.readSettings = async (scopeUri) => (await connection.workspace.getConfiguration({ scopeUri, section: 'readiness' })) as Partial<FolderSettings> | null;
  }
  watchedFilesRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(fileURLToPath(params.rootUri)) }] : []);
  for (const folder of initialFolders) folders.add(folder);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...(diagnostics.pull ? { diagnosticProvider: { identifier: 'readiness', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
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
      DidChangeWorkspaceFoldersNotification,
      (event: WorkspaceFoldersChangeEvent) => {
        for (const removed of event.removed) folders.remove(removed);
        for (const added of event.added) void folders.applySettings(folders.add(added));
      },
      logError,
    ),
  );
  folders.applySettingsEverywhere();
});

connection.onDidChangeConfiguration(() => folders.applySettingsEverywhere());
connection.onDidChangeWatchedFiles(checkedNotification(DidChangeWatchedFilesNotification, ({ changes }) => folders.changedOnDisk(changes.map((c) => c.uri)), logError));
documents.onDidChangeContent(({ document }) => {
  verdictAnnouncements.typing();
  folders.documentChanged(document.uri);
});
documents.onDidClose(({ document }) => folders.documentClosed(document.uri));

connection.languages.diagnostics.on(checkedRequest(DocumentDiagnosticRequest, (params, token) => diagnostics.pulled(params.textDocument.uri, params.previousResultId, token)));
connection.languages.diagnostics.onWorkspace(checkedRequest(WorkspaceDiagnosticRequest, (params, token) => diagnostics.workspace(params, token)));

connection.onCodeAction(checkedRequest(CodeActionRequest, (params) => {
  const folder = folders.folderOf(params.textDocument.uri);
  return folder ? codeActions(folder, params, versionOf) : [];
}));
connection.onCompletion(checkedRequest(CompletionRequest, (params) => features.completion(params)));
connection.onHover(checkedRequest(HoverRequest, (params) => features.hover(params)));
connection.onDefinition(checkedRequest(DefinitionRequest, (params) => features.definition(params)));
connection.onReferences(checkedRequest(ReferencesRequest, (params) => features.references(params)));
connection.onPrepareRename(checkedRequest(PrepareRenameRequest, (params) => features.prepareRename(params)));
connection.onRenameRequest(checkedRequest(RenameRequest, (params) => features.rename(params)));

connection.onRequest(VerdictRequest.type, async () => {
  // A folder not checked yet announces its controls' verdict first, then answers with its problems too.
  await Promise.all(folders.all().map((folder) => folder.firstCheck()));
  return verdictModel(folders.all());
});
connection.onRequest(EvidenceMarkdownRequest.type, checkedRequest(EvidenceMarkdownRequest, (params) => {
  const folder = folders.get(params.uri) ?? folders.all()[0];
  return folder ? evidenceMarkdown(folder) : '';
}));
connection.onRequest(AdoptionRequest.type, checkedRequest(AdoptionRequest, (params) => {
  const folder = folders.get(params.uri);
  return folder ? folderAdoption(folder) : null;
}));
connection.onRequest(FixAllRequest.type, checkedRequest(FixAllRequest, (params) => {
  const folder = folders.byUri(params.uri);
  return folder ? folderFixAll(folder, versionOf) : null;
}));
connection.onNotification(GitHubTokenNotification.type, checkedNotification(GitHubTokenNotification, (params) => folders.setGitHubToken(params.token), logError));
connection.onRequest(RefreshLiveRequest.type, () => folders.refreshLive());

// Document sync reaches TextDocuments only with params of the protocol's types: a didChange is applied whole or not at all.
documents.listen({
  onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(checkedNotification(DidOpenTextDocumentNotification, handler, logError)),
  onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(checkedNotification(DidChangeTextDocumentNotification, handler, logError)),
  onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(checkedNotification(DidCloseTextDocumentNotification, handler, logError)),
  onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(checkedNotification(WillSaveTextDocumentNotification, handler, logError)),
  onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(checkedRequest(WillSaveTextDocumentWaitUntilRequest, handler)),
  onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(checkedNotification(DidSaveTextDocumentNotification, handler, logError)),
});
connection.listen();
