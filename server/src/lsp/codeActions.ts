import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver/node';
import { checkWorkspace } from '../core/engine';
import { quickFixes } from '../core/fixes/index';
import type { FixContext } from '../core/fixes/verify';
import { fixAllKind } from '../protocol';
import { ruleDocumentationUri, toCodeAction, toFinding } from './convert';
import { folderFixAll } from './folderRequests';
import type { FolderState } from './folderState';

/** Whether a code-action request's `only` asks for this kind (a kind covers its sub-kinds). */
function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** Fix-all when asked for by kind; the quick fixes of each diagnostic, and a link to each rule's page. */
export function codeActions(folder: FolderState, params: CodeActionParams, versionOf: (uri: string) => number | null): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (only && wanted(only, fixAllKind)) {
    const all = folderFixAll(folder, versionOf);
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
}
