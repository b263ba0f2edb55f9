import { modify, parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { FolderVerdict, VerdictControl } from '../../server/src/protocol';

/** Asks for the §2.5 manual-verification record and appends it to the exception file; the server validates it at once. */
export async function recordException(folder: FolderVerdict, control: VerdictControl): Promise<void> {
  const window = folder.exceptions;
  if (!window?.controls.includes(control.id)) {
    void vscode.window.showWarningMessage(`Control ${control.id} is outside the exception window; only ${window?.controls.join(', ') ?? 'none'} may be waived.`);
    return;
  }
  const ask = (prompt: string, value?: string, validate?: (v: string) => string | undefined) =>
    vscode.window.showInputBox({ title: `Record exception for ${control.id}`, prompt, value, ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'Required' : validate?.(v)) });
  const approvedBy = await ask('Who approved the exception (GitHub handle)?');
  if (!approvedBy) return;
  const reason = await ask('Why is the control unverified, and what was verified by hand?');
  if (!reason) return;
  // Rules read live are the verification: say so, and point at the read.
  const verified = folder.live?.verified;
  const liveVerification = verified && `rules read live${verified.account ? ` by ${verified.account}` : ''} at ${verified.checkedAt} (${verified.rulesets.join(', ') || 'no ruleset'})`;
  const verifiedWith = await ask('Runbook followed for the manual verification', liveVerification ?? window.runbook);
  if (!verifiedWith) return;
  const evidenceUrl = await ask('Where is the evidence attached (release or PR notes URL)?', verified?.url, (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : 'An http(s) URL'));
  if (!evidenceUrl) return;
  const inAWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const expiresAt = await ask('Expires at (UTC, ISO-8601)', inAWeek, (v) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && Date.parse(v) > Date.now() ? undefined : 'A future UTC time like 2026-12-31T00:00:00Z'));
  if (!expiresAt) return;

  const uri = vscode.Uri.parse(window.uri);
  const document = await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined);
  const record = { check_id: control.id, approved_by: approvedBy, reason, expires_at: expiresAt, verified_with: verifiedWith, evidence_url: evidenceUrl };
  if (!document) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify({ exceptions: [record] }, null, 2)}\n`));
    await vscode.window.showTextDocument(uri);
    return;
  }
  // Minimal edits on the document as it is in the editor (saved or not): nothing else in the file moves.
  const text = document.getText();
  const existing = parse(text) as { exceptions?: unknown[] } | undefined;
  const list = Array.isArray(existing?.exceptions) ? existing!.exceptions : undefined;
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const formattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const edits = list
    ? modify(text, ['exceptions', list.length], record, { isArrayInsertion: true, formattingOptions })
    : modify(text, ['exceptions'], [record], { formattingOptions });
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  if (await vscode.workspace.applyEdit(edit)) await document.save();
  await vscode.window.showTextDocument(document);
}
