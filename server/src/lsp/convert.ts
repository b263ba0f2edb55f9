import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { FileEdit, QuickFix } from '../core/fixes/textEdit';
import { LineIndex } from '../core/text/lineIndex';
import type { Finding, Severity } from '../core/types';
import type { WorkspaceModel } from '../core/workspace';
import type { FolderState } from './folderState';

export const diagnosticSource = 'readiness';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The rule's documentation page, shipped beside the server bundle (dist/ → docs/rules/). */
export function ruleDocumentationUri(rule: string): string {
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules', `${rule}.md`)).toString();
}

/** What a diagnostic carries back to the server in a code-action request. */
export interface DiagnosticData {
  file: string;
  /** Finding.check */
  check?: string;
  fix?: unknown;
}

export function toDiagnostic(finding: Finding, folder: FolderState): Diagnostic {
  const data: DiagnosticData = { file: finding.file, ...(finding.check !== undefined ? { check: finding.check } : {}), ...(finding.data !== undefined ? { fix: finding.data } : {}) };
  return {
    range: finding.range,
    severity: severities[finding.severity],
    code: finding.rule,
    source: diagnosticSource,
    codeDescription: { href: ruleDocumentationUri(finding.rule) },
    message: finding.message,
    data,
    relatedInformation: finding.related?.map((r) => ({ location: { uri: folder.uriOf(r.file), range: r.range }, message: r.message })),
  };
}

/** The finding a diagnostic came from, as the core's fixes need it. */
export function toFinding(diagnostic: Diagnostic): Finding | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (diagnostic.source !== diagnosticSource || typeof diagnostic.code !== 'string' || !data?.file) return undefined;
  const severity = (Object.keys(severities) as Severity[]).find((s) => severities[s] === diagnostic.severity) ?? 'error';
  return { rule: diagnostic.code, severity, file: data.file, range: diagnostic.range, message: diagnostic.message, ...(data.check !== undefined ? { check: data.check } : {}), data: data.fix };
}

/**
 * Offsets to ranges on the texts the fix was computed from; each open document's edit carries its version,
 * so the editor refuses it if the document changed meanwhile.
 */
export function toWorkspaceEdit(edits: readonly FileEdit[], model: WorkspaceModel, folder: FolderState, versionOf: (uri: string) => number | null): WorkspaceEdit {
  const byFile = new Map<string, FileEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const documentChanges: TextDocumentEdit[] = [];
  for (const [file, fileEdits] of byFile) {
    const lines = new LineIndex(model.text(file) ?? '');
    const uri = folder.uriOf(file);
    const textDocument: OptionalVersionedTextDocumentIdentifier = { uri, version: versionOf(uri) };
    documentChanges.push(TextDocumentEdit.create(textDocument, fileEdits.map((e) => TextEdit.replace(lines.range(e.offset, e.offset + e.length), e.newText))));
  }
  return { documentChanges };
}

export function toCodeAction(fix: QuickFix, diagnostic: Diagnostic, model: WorkspaceModel, folder: FolderState, versionOf: (uri: string) => number | null): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred === true,
    edit: toWorkspaceEdit(fix.edits, model, folder, versionOf),
  };
}
