import * as path from 'node:path';
import * as vscode from 'vscode';
import { DocumentSelector, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { vscodeGlob } from '../../server/src/core/fileGlob';
import { defaultPolicy, withArtifactsFolder, workspaceFilePatterns } from '../../server/src/core/policy/policy';
import { serverNodeOptions } from '../../server/src/serverProcess';
import { AdoptionRequest, EvidenceMarkdownRequest, FixAllRequest, FolderVerdict, GitHubTokenNotification, RefreshLiveRequest, VerdictChangedNotification, VerdictModel, VerdictRequest } from '../../server/src/protocol';
import { recordException } from './exceptionRecord';
import { signIn, silentToken } from './githubSession';
import { ReadinessNode, ReadinessTree, verdictLabels } from './tree';

const viewId = 'readiness.verdict';
const taskType = 'readiness';

/** What the extension hands to other extensions and to its end-to-end tests. */
export interface ReadinessApi {
  verdict(): Promise<VerdictModel>;
  tree: ReadinessTree;
  /** Resolves once the panel shows a verdict that satisfies the predicate. */
  whenVerdict(predicate: (model: VerdictModel) => boolean, timeoutMs?: number): Promise<VerdictModel>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ReadinessApi> {
  const output = vscode.window.createOutputChannel('Release Readiness');
  const tree = new ReadinessTree();
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: tree, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('readiness.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Release Readiness';
  status.command = `${viewId}.focus`;
  context.subscriptions.push(output, view, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverNodeOptions] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverNodeOptions, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    diagnosticPullOptions: { onChange: true, onSave: true },
    synchronize: { configurationSection: 'readiness' },
  };
  client = new LanguageClient('readiness', 'Release Readiness', serverOptions, clientOptions);

  const listeners: (() => void)[] = [];
  const show = (model: VerdictModel) => {
    tree.update(model);
    updateStatus(status, model);
    void vscode.commands.executeCommand('setContext', 'readiness.hasEvidence', model.folders.some((f) => f.hasEvidence));
    listeners.splice(0).forEach((listener) => listener());
  };
  let started = false;
  context.subscriptions.push(
    client.onDidChangeState(async (event) => {
      // A crashed server is restarted by the client; meanwhile the panel must not show old results as current.
      if (event.newState !== State.Running) {
        tree.update(undefined, 'The readiness server stopped; restarting…');
        status.text = '$(sync~spin) Readiness';
      } else if (started) {
        show(await client!.sendRequest(VerdictRequest.type));
      }
    }),
  );
  await client.start();
  started = true;
  // The selector is the client's to know at start: when the folders or the settings it follows change, it starts again with a new one.
  const reselect = async () => {
    const selector = documentSelector();
    if (JSON.stringify(selector) === JSON.stringify(client!.clientOptions.documentSelector)) return;
    client!.clientOptions.documentSelector = selector;
    await client!.restart();
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('readiness.artifactsFolder') || event.affectsConfiguration('readiness.policyFile')) void reselect();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reselect()),
  );
  context.subscriptions.push(client.onNotification(VerdictChangedNotification.type, show));
  show(await client.sendRequest(VerdictRequest.type));

  // Live evidence: an existing GitHub session silently; without one the server uses GITHUB_TOKEN of this environment.
  const apiUrl = () => vscode.workspace.getConfiguration('readiness').get<string>('github.apiUrl') || undefined;
  const sendToken = async (token?: string) => client!.sendNotification(GitHubTokenNotification.type, { token: token ?? (await silentToken(apiUrl())) });
  void sendToken();
  context.subscriptions.push(
    vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id === 'github' || event.provider.id === 'github-enterprise') void sendToken();
    }),
    vscode.commands.registerCommand('readiness.signInGitHub', async () => sendToken(await signIn(apiUrl()))),
  );

  const folderOf = (node?: ReadinessNode): FolderVerdict | undefined =>
    node && 'folder' in node ? node.folder : tree.current?.folders[0];
  context.subscriptions.push(
    vscode.commands.registerCommand('readiness.refresh', async () => {
      await client!.sendRequest(RefreshLiveRequest.type);
      show(await client!.sendRequest(VerdictRequest.type));
    }),
    vscode.commands.registerCommand('readiness.exportEvidence', async (node?: ReadinessNode) => {
      const folder = folderOf(node);
      if (!folder) return;
      const markdown = await client!.sendRequest(EvidenceMarkdownRequest.type, { uri: folder.uri });
      const target = await vscode.window.showQuickPick(['Open in a new editor', 'Copy to the clipboard'], { title: 'Export release evidence' });
      if (target === 'Copy to the clipboard') {
        await vscode.env.clipboard.writeText(markdown);
        void vscode.window.showInformationMessage('Release evidence copied.');
      } else if (target) {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown }));
      }
    }),
    vscode.commands.registerCommand('readiness.fixAllCheckNameDrift', async (node?: ReadinessNode) => {
      const folder = folderOf(node);
      if (!folder) return;
      const outcome = await client!.sendRequest(FixAllRequest.type, { uri: folder.uri });
      if (!outcome || outcome.applied.length === 0) {
        void vscode.window.showInformationMessage(outcome?.remaining ? `No verified fix for the ${outcome.remaining} required-check finding(s) left; see their quick fixes.` : 'No check-name drift to fix.');
        return;
      }
      await vscode.workspace.applyEdit(await client!.protocol2CodeConverter.asWorkspaceEdit(outcome.edit));
      const left = outcome.remaining > 0 ? ` ${outcome.remaining} required-check finding(s) need a choice of yours.` : '';
      void vscode.window.showInformationMessage(`Applied ${outcome.applied.length} verified fix(es).${left}`);
    }),
    vscode.commands.registerCommand('readiness.openEvidence', (node?: ReadinessNode) => {
      if (node?.kind === 'control' && node.control.uri) void vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(node.control.uri));
    }),
    vscode.commands.registerCommand('readiness.showControlDocumentation', async (node?: ReadinessNode) => {
      if (node?.kind !== 'control') return;
      const c = node.control;
      const content = [`# ${c.id}`, '', `**${c.title}** (§${c.section}) — ${c.state}`, '', c.reason, '', '## What to do', '', c.remediation || '—'].join('\n');
      await vscode.commands.executeCommand('markdown.showPreview', await vscode.workspace.openTextDocument({ language: 'markdown', content }).then((d) => d.uri));
    }),
    vscode.commands.registerCommand('readiness.showRuleDocumentation', async (rule: string, href: string) => {
      const uri = vscode.Uri.parse(href ?? context.asAbsolutePath(path.join('docs', 'rules', `${rule}.md`)));
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
    vscode.commands.registerCommand('readiness.runLocalValidation', async (node?: ReadinessNode) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Local validation runs commands from the workspace; trust the workspace first.');
        return;
      }
      const tasks = await vscode.tasks.fetchTasks({ type: taskType });
      const wanted = node?.kind === 'control' ? node.control.localValidation : undefined;
      const candidates = tasks.filter((t) => !wanted || wanted.includes(String(t.definition.group)));
      const pick = candidates.length === 1 ? candidates[0] : (await vscode.window.showQuickPick(candidates.map((t) => ({ label: t.name, task: t })), { title: 'Run local validation' }))?.task;
      if (pick) await vscode.tasks.executeTask(pick);
    }),
    vscode.commands.registerCommand('readiness.recordException', async (node?: ReadinessNode) => {
      const folder = folderOf(node);
      const control = node?.kind === 'control' ? node.control : folder?.controls.find((c) => folder.exceptions?.controls.includes(c.id));
      if (folder && control) await recordException(folder, control);
    }),
    vscode.commands.registerCommand('readiness.adopt', async (node?: ReadinessNode) => {
      const folder = folderOf(node);
      if (folder) await adoptPlaybook(client!, folder);
    }),
    vscode.commands.registerCommand('readiness.openDocumentation', () => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', 'README.md'))))),
    vscode.tasks.registerTaskProvider(taskType, { provideTasks: () => localValidationTasks(tree.current), resolveTask: () => undefined }),
  );

  return {
    verdict: () => client!.sendRequest(VerdictRequest.type),
    tree,
    whenVerdict: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const model = tree.current;
          if (model && predicate(model)) return resolve(model);
          listeners.push(check);
        };
        setTimeout(() => reject(new Error('timed out waiting for the verdict')), timeoutMs);
        check();
      }),
  };
}

/** The files the server reads in a folder under the embedded playbook, moved by the folder's settings: the same patterns, from the same function. */
function folderFilePatterns(folder: vscode.WorkspaceFolder): string[] {
  const settings = vscode.workspace.getConfiguration('readiness', folder.uri);
  return workspaceFilePatterns(withArtifactsFolder(defaultPolicy, settings.get<string>('artifactsFolder')), settings.get<string>('policyFile') || undefined);
}

/**
 * The documents handed to the server: by path within each folder, not by language id (the GitHub Actions
 * extension gives workflow files a language of its own).
 */
function documentSelector(): DocumentSelector {
  return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) =>
    // The client hands a filter's pattern to vscode.languages.match as it is, so VS Code's own RelativePattern
    // goes in where LSP 3.17's type has only a string.
    folderFilePatterns(folder).map((pattern) => ({ scheme: 'file', pattern: new vscode.RelativePattern(folder, vscodeGlob(pattern)) as unknown as string })),
  );
}

function updateStatus(status: vscode.StatusBarItem, model: VerdictModel): void {
  if (model.folders.length === 0) return status.hide();
  const verdicts = model.folders.filter((f) => f.mode.playbook === 'adopted').map((f) => f.verdict);
  if (verdicts.length === 0) {
    // No folder follows the playbook: say so, and offer to adopt it.
    const errors = model.folders.reduce((sum, f) => sum + f.problems.error, 0);
    const checking = model.folders.some((f) => f.checking);
    status.text = `$(checklist) Checks only${checking ? ': checking…' : errors > 0 ? `: ${errors} error${errors === 1 ? '' : 's'}` : ''}`;
    status.tooltip = `${model.folders.map((f) => `${f.name}: playbook not adopted (${f.mode.reason})`).join('\n')}\nClick to adopt the playbook.`;
    status.command = 'readiness.adopt';
    status.backgroundColor = undefined;
    return status.show();
  }
  status.command = `${viewId}.focus`;
  const worst = verdicts.includes('no-go') ? 'no-go' : verdicts.includes('go-with-exception') ? 'go-with-exception' : 'go';
  const icon = worst === 'go' ? '$(pass-filled)' : worst === 'no-go' ? '$(error)' : '$(shield)';
  status.text = `${icon} ${verdictLabels[worst]}`;
  status.tooltip = model.folders.map((f) => `${f.name}: ${verdictLabels[f.verdict]}`).join('\n');
  status.backgroundColor = worst === 'no-go' ? new vscode.ThemeColor('statusBarItem.errorBackground') : worst === 'go-with-exception' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  status.show();
}

/** Asks the server for the starter files of adoption, and writes those that are not there yet. */
async function adoptPlaybook(languageClient: LanguageClient, folder: FolderVerdict): Promise<void> {
  const adoption = await languageClient.sendRequest(AdoptionRequest.type, { uri: folder.uri });
  if (!adoption) return;
  if (adoption.files.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to write: ${adoption.existing.join(', ')} already exist.`);
    return;
  }
  const detail = [
    `Writes ${adoption.files.map((f) => f.path).join(', ')}${adoption.existing.length > 0 ? ` (keeps ${adoption.existing.join(', ')})` : ''}.`,
    `Required checks: ${adoption.requiredChecks.join(', ') || 'none'}.`,
    ...adoption.leftOut.map((j) => `Left out ${j.workflow} job ${j.job}: ${j.reason}.`),
  ].join('\n');
  const choice = await vscode.window.showInformationMessage(`Adopt the readiness playbook in ${folder.name}?`, { modal: true, detail }, 'Adopt');
  if (choice !== 'Adopt') return;
  for (const file of adoption.files) await vscode.workspace.fs.writeFile(vscode.Uri.parse(file.uri), new TextEncoder().encode(file.text));
  const requiredChecks = adoption.files.find((f) => f.path.endsWith('required_status_checks.json'));
  if (requiredChecks) await vscode.window.showTextDocument(vscode.Uri.parse(requiredChecks.uri));
}

/** §3 local validation as tasks; none in an untrusted workspace, where nothing of the workspace may run. */
function localValidationTasks(model: VerdictModel | undefined): vscode.Task[] {
  if (!vscode.workspace.isTrusted || !model) return [];
  return model.folders.flatMap((folder) => {
    const scope = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(folder.uri)) ?? vscode.TaskScope.Workspace;
    const root = vscode.Uri.parse(folder.uri).fsPath;
    return folder.localValidation.map((group) => {
      const task = new vscode.Task(
        { type: taskType, group: group.id },
        scope,
        group.title,
        'readiness',
        new vscode.ShellExecution(group.commands.join(' && '), { cwd: path.resolve(root, group.cwd ?? '.') }),
      );
      task.detail = group.commands.join(' · ');
      return task;
    });
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
