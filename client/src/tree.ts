import * as vscode from 'vscode';
import type { FolderVerdict, ProblemFile, SuppressedItem, VerdictControl, VerdictFailingItem, VerdictModel } from '../../server/src/protocol';
import type { ControlState, SectionSummary } from '../../server/src/core/types';
import { verdictLabels } from '../../server/src/core/output/labels';

export { verdictLabels };

const stateIcons: Record<ControlState, [string, string]> = {
  passed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  unverified: ['question', 'list.warningForeground'],
  missing: ['circle-slash', 'testing.iconFailed'],
  invalid: ['warning', 'testing.iconFailed'],
  stale: ['history', 'list.warningForeground'],
  waived: ['shield', 'charts.yellow'],
};

const stateOrder: Record<ControlState, number> = { failed: 0, invalid: 1, missing: 2, stale: 3, unverified: 4, waived: 5, passed: 6 };

export type ReadinessNode =
  | { kind: 'folder'; folder: FolderVerdict }
  | { kind: 'verdict'; folder: FolderVerdict }
  | { kind: 'section'; folder: FolderVerdict; section: SectionSummary }
  | { kind: 'problems'; folder: FolderVerdict }
  | { kind: 'adopt'; folder: FolderVerdict }
  | { kind: 'problemFile'; file: ProblemFile }
  | { kind: 'suppressedFindings'; folder: FolderVerdict }
  | { kind: 'suppressed'; item: SuppressedItem }
  | { kind: 'control'; folder: FolderVerdict; control: VerdictControl }
  | { kind: 'failing'; item: VerdictFailingItem }
  | { kind: 'message'; text: string }
  | { kind: 'live'; folder: FolderVerdict }
  | { kind: 'liveProblem'; text: string }
  | { kind: 'signIn' };

function openCommand(uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Command {
  const selection = range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : undefined;
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection, preview: false }] };
}

/** The readiness panel: folder → verdict → playbook sections → controls → failing checks. */
export class ReadinessTree implements vscode.TreeDataProvider<ReadinessNode> {
  private model?: VerdictModel;
  private status?: string;
  private readonly changed = new vscode.EventEmitter<ReadinessNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  update(model: VerdictModel | undefined, status?: string): void {
    this.model = model;
    this.status = status;
    this.changed.fire(undefined);
  }

  get current(): VerdictModel | undefined {
    return this.model;
  }

  getChildren(node?: ReadinessNode): ReadinessNode[] {
    if (!node) {
      if (this.status) return [{ kind: 'message', text: this.status }];
      const folders = this.model?.folders ?? [];
      if (folders.length === 1) return [...liveNodes(folders[0]), { kind: 'verdict', folder: folders[0] }];
      return folders.map((folder) => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder':
        return [...liveNodes(node.folder), { kind: 'verdict', folder: node.folder }];
      case 'live':
        return (node.folder.live?.errors ?? []).map((text) => ({ kind: 'liveProblem', text }));
      case 'verdict':
        if (node.folder.mode.playbook === 'not-adopted') return [{ kind: 'adopt', folder: node.folder }, { kind: 'problems', folder: node.folder }];
        return [
          ...node.folder.sections.filter((s) => node.folder.controls.some((c) => c.section === s.id)).map((section): ReadinessNode => ({ kind: 'section', folder: node.folder, section })),
          { kind: 'problems', folder: node.folder },
          ...(node.folder.suppressed.length > 0 ? [{ kind: 'suppressedFindings', folder: node.folder } as const] : []),
        ];
      case 'section':
        return node.folder.controls
          .filter((c) => c.section === node.section.id)
          .sort((a, b) => stateOrder[a.state] - stateOrder[b.state])
          .map((control) => ({ kind: 'control', folder: node.folder, control }));
      case 'problems':
        return node.folder.problems.files.map((file) => ({ kind: 'problemFile', file }));
      case 'suppressedFindings':
        return node.folder.suppressed.map((item) => ({ kind: 'suppressed', item }));
      case 'control':
        return node.control.failing.map((item) => ({ kind: 'failing', item }));
      default:
        return [];
    }
  }

  getTreeItem(node: ReadinessNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const expanded = vscode.TreeItemCollapsibleState.Expanded;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'message':
        return Object.assign(new vscode.TreeItem(node.text, none), { iconPath: new vscode.ThemeIcon('sync~spin') });
      case 'signIn':
        return Object.assign(new vscode.TreeItem('Sign in to GitHub for live evidence', none), {
          iconPath: new vscode.ThemeIcon('github'),
          command: { title: 'Sign in', command: 'readiness.signInGitHub' },
          tooltip: "Reads the branch's rules, the commit's check runs and CI artifacts from GitHub (read-only).",
        });
      case 'live': {
        const live = node.folder.live!;
        const item = new vscode.TreeItem(live.line ?? 'live: not read', live.errors.length > 0 ? expanded : none);
        item.id = `${node.folder.uri}#live`;
        item.description = live.state === 'reading' ? 'reading…' : live.errors.length > 0 ? `${live.errors.length} read(s) failed` : undefined;
        item.iconPath = new vscode.ThemeIcon(live.state === 'reading' ? 'sync~spin' : 'github');
        item.tooltip = live.verified ? `Rules verified live${live.verified.account ? ` by ${live.verified.account}` : ''} at ${live.verified.checkedAt}: ${live.verified.rulesets.join(', ') || 'no ruleset'}` : undefined;
        item.command = { title: 'Refresh', command: 'readiness.refresh' };
        item.contextValue = 'live';
        return item;
      }
      case 'liveProblem':
        return Object.assign(new vscode.TreeItem(node.text, none), { iconPath: new vscode.ThemeIcon(/rate limited/.test(node.text) ? 'watch' : /could not be reached|cache/.test(node.text) ? 'cloud-offline' : 'warning'), tooltip: node.text });
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, expanded);
        item.description = verdictLabels[node.folder.verdict];
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'verdict': {
        if (node.folder.mode.playbook === 'not-adopted') {
          const item = new vscode.TreeItem('Required checks and workflows', expanded);
          item.id = `${node.folder.uri}#verdict`;
          item.description = 'playbook not adopted';
          item.iconPath = new vscode.ThemeIcon('checklist');
          item.tooltip = new vscode.MarkdownString(`No release verdict: the playbook is not adopted (${node.folder.mode.reason}). Required status checks and workflows are checked.`);
          item.contextValue = 'verdict notAdopted';
          return item;
        }
        const required = node.folder.controls.filter((c) => c.required);
        const passed = required.filter((c) => c.state === 'passed').length;
        const item = new vscode.TreeItem(verdictLabels[node.folder.verdict], expanded);
        item.id = `${node.folder.uri}#verdict`;
        item.description = `${passed}/${required.length} required controls passed`;
        item.iconPath = new vscode.ThemeIcon(node.folder.verdict === 'go' ? 'pass-filled' : node.folder.verdict === 'no-go' ? 'error' : 'shield', new vscode.ThemeColor(node.folder.verdict === 'go' ? 'testing.iconPassed' : node.folder.verdict === 'no-go' ? 'testing.iconFailed' : 'charts.yellow'));
        item.tooltip = new vscode.MarkdownString(`**${verdictLabels[node.folder.verdict]}** under ${node.folder.policy.title} (${node.folder.policy.id} ${node.folder.policy.version})`);
        item.contextValue = 'verdict';
        return item;
      }
      case 'section': {
        const controls = node.folder.controls.filter((c) => c.section === node.section.id);
        const open = controls.filter((c) => c.state !== 'passed').length;
        const item = new vscode.TreeItem(`§${node.section.id} ${node.section.title}`, open > 0 && node.section.kind === 'gate' ? expanded : collapsed);
        item.id = `${node.folder.uri}#section-${node.section.id}`;
        item.description = node.section.kind === 'triggers' ? (open > 0 ? `${open} active` : 'none active') : `${controls.length - open}/${controls.length} passed`;
        item.contextValue = 'section';
        return item;
      }
      case 'problems': {
        const p = node.folder.problems;
        const item = new vscode.TreeItem('Workspace problems', p.files.length > 0 ? collapsed : none);
        item.id = `${node.folder.uri}#problems`;
        item.description = node.folder.checking ? 'checking…' : `${p.error} errors, ${p.warning} warnings`;
        item.iconPath = new vscode.ThemeIcon('list-flat');
        return item;
      }
      case 'adopt': {
        const item = new vscode.TreeItem('Adopt the playbook…', none);
        item.id = `${node.folder.uri}#adopt`;
        item.description = 'write a starter policy and required checks';
        item.iconPath = new vscode.ThemeIcon('add');
        item.command = { title: 'Adopt the playbook', command: 'readiness.adopt', arguments: [node] };
        return item;
      }
      case 'problemFile': {
        const item = new vscode.TreeItem(node.file.path, none);
        item.description = `${node.file.errors} errors, ${node.file.warnings} warnings`;
        item.resourceUri = vscode.Uri.parse(node.file.uri);
        item.command = openCommand(node.file.uri);
        return item;
      }
      case 'suppressedFindings': {
        const item = new vscode.TreeItem('Suppressed findings', collapsed);
        item.id = `${node.folder.uri}#suppressed`;
        item.description = `${node.folder.suppressed.length} accepted with a reason`;
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        return item;
      }
      case 'suppressed': {
        const { item: s } = node;
        const item = new vscode.TreeItem(`${s.rule}: ${s.message}`, none);
        item.description = `${s.reason}${s.until ? ` (until ${s.until})` : ''}`;
        item.tooltip = new vscode.MarkdownString(`**Suppressed** \`${s.rule}\`\n\n${s.message}\n\n**Reason:** ${s.reason}${s.approvedBy ? `\n\n**Approved by:** ${s.approvedBy}` : ''}${s.until ? `\n\n**Until:** ${s.until}` : ''}`);
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        item.command = openCommand(s.uri, s.range);
        return item;
      }
      case 'control': {
        const { control } = node;
        const item = new vscode.TreeItem(control.id, control.failing.length > 0 ? collapsed : none);
        item.id = `${node.folder.uri}#control-${control.id}`;
        item.description = control.source && control.source !== 'local' ? `${control.reason} · ${control.source}` : control.reason;
        const [icon, colour] = stateIcons[control.state];
        item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
        const tooltip = new vscode.MarkdownString(`**${control.title}** — ${control.state}\n\n${control.reason}`);
        if (control.remediation && control.state !== 'passed') tooltip.appendMarkdown(`\n\n**What to do:** ${control.remediation}`);
        item.tooltip = tooltip;
        const exceptionAllowed = node.folder.exceptions?.controls.includes(control.id) ?? false;
        item.contextValue = ['control', control.uri ? 'hasEvidence' : '', control.localValidation.length > 0 ? 'hasLocalValidation' : '', exceptionAllowed ? 'exceptionWindow' : ''].filter(Boolean).join(' ');
        if (control.uri) item.command = openCommand(control.uri, control.range);
        return item;
      }
      case 'failing': {
        const item = new vscode.TreeItem(node.item.label, none);
        item.description = node.item.detail;
        item.tooltip = `${node.item.label}\n${node.item.detail}`;
        item.iconPath = new vscode.ThemeIcon('circle-small-filled', new vscode.ThemeColor('testing.iconFailed'));
        item.command = openCommand(node.item.uri, node.item.range);
        return item;
      }
    }
  }
}

/** The top of a folder's view: where its evidence comes from (live, with failed reads under it), or the sign-in. */
function liveNodes(folder: FolderVerdict): ReadinessNode[] {
  const live = folder.live;
  if (!live || live.state === 'off') return [];
  if (live.state === 'signed-out') return [{ kind: 'signIn' }];
  if (live.state === 'error') return live.errors.map((text) => ({ kind: 'liveProblem', text }));
  return [{ kind: 'live', folder }];
}
