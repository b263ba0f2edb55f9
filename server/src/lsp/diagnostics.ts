import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { CancellationToken, Connection, Diagnostic, DocumentDiagnosticReport, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { toDiagnostic } from './convert';
import type { FolderState } from './folderState';
import type { WorkspaceFolders } from './workspaceFolders';

/**
 * The diagnostics of every file, pushed or pulled as the client asks: per file URI the diagnostics last
 * reported and an id that changes when they do, so an unchanged pull is answered as unchanged.
 */
export class DiagnosticsReporter {
  private readonly reported = new Map<string, { json: string; diagnostics: Diagnostic[]; resultId: string }>();
  private resultCounter = 0;
  private readonly workspaceWaiters: (() => void)[] = [];
  /** Documents with a pull being answered (how many): their new diagnostics go in that answer. */
  private readonly pulling = new Map<string, number>();
  pull = false;

  constructor(
    private readonly connection: Connection,
    private readonly folders: WorkspaceFolders,
    private readonly versionOf: (uri: string) => number | null,
  ) {}

  /** After a folder's validation: refresh pulled diagnostics (or push them). */
  update(folder: FolderState): void {
    const { findingsByFile, changedFiles } = folder.validation();
    const changed: string[] = [];
    // Files whose findings are the same objects as at the previous validation are neither serialised nor sent again.
    for (const file of changedFiles) {
      const uri = folder.uriOf(file);
      const diagnostics = (findingsByFile.get(file) ?? []).map((f) => toDiagnostic(f, folder));
      const json = JSON.stringify(diagnostics);
      if (this.reported.get(uri)?.json === json) continue;
      changed.push(uri);
      if (diagnostics.length === 0 && !this.pull) this.reported.delete(uri);
      else this.reported.set(uri, { json, diagnostics, resultId: String(++this.resultCounter) });
      if (!this.pull) void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    if (this.pull && changed.length > 0) {
      // A keystroke's pull answers for its own document: the client is asked to pull again only when others changed.
      if (changed.some((uri) => !this.pulling.has(uri))) this.connection.languages.diagnostics.refresh();
      this.workspaceWaiters.splice(0).forEach((wake) => wake());
    }
  }

  /**
   * A pull, answered once the edits already received are in: a burst of pulls shares one validation, and
   * a pull cancelled meanwhile is refused without validating.
   */
  async pulled(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    this.pulling.set(uri, (this.pulling.get(uri) ?? 0) + 1);
    try {
      const settled = await this.folders.folderOf(uri)?.settledValidation(token);
      if (token.isCancellationRequested && !settled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      return this.document(uri, previousResultId);
    } finally {
      const count = this.pulling.get(uri)! - 1;
      if (count === 0) this.pulling.delete(uri);
      else this.pulling.set(uri, count);
    }
  }

  document(uri: string, previousResultId?: string): DocumentDiagnosticReport {
    this.folders.folderOf(uri)?.validation();
    const current = this.reported.get(uri);
    const resultId = current?.resultId ?? '0';
    if (previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', resultId, items: current?.diagnostics ?? [] };
  }

  /** The files whose diagnostics changed since the client's result ids; with none, a long poll answered when something changes (or the client cancels). */
  async workspace(params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    const collect = (): WorkspaceDocumentDiagnosticReport[] => {
      for (const folder of this.folders.all()) folder.validation();
      return [...this.reported.keys()]
        .filter((uri) => previous.get(uri) !== this.reported.get(uri)!.resultId)
        .map((uri) => ({ uri, version: this.versionOf(uri), ...this.document(uri) }) as WorkspaceDocumentDiagnosticReport);
    };
    let items = collect();
    while (items.length === 0 && !token.isCancellationRequested) {
      await new Promise<void>((wake) => {
        this.workspaceWaiters.push(wake);
        token.onCancellationRequested(() => wake());
      });
      items = collect();
    }
    return { items };
  }
}
