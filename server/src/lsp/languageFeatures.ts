import { CompletionItem, CompletionItemKind, CompletionParams, Hover, Location, Range, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { completions, hover } from '../core/language/assistance';
import { definition, FileLocation, prepareRename, references, renameJob } from '../core/language/navigation';
import { LineIndex } from '../core/text/lineIndex';
import { toWorkspaceEdit } from './convert';
import type { FolderState } from './folderState';
import type { WorkspaceFolders } from './workspaceFolders';

/** Completion, hover, definition, references and rename of job names and check names, at a cursor of a known file. */
export class LanguageFeatures {
  constructor(
    private readonly folders: WorkspaceFolders,
    private readonly versionOf: (uri: string) => number | null,
  ) {}

  /** The cursor of a request: its folder's current validation, the file and the offset (undefined outside a known file). */
  private cursorAt(params: TextDocumentPositionParams) {
    const folder = this.folders.folderOf(params.textDocument.uri);
    const file = folder?.relativePath(params.textDocument.uri);
    if (!folder || file === undefined) return undefined;
    const validation = folder.validation();
    const text = validation.model.text(file);
    if (text === undefined) return undefined;
    return { folder, file, text, offset: new LineIndex(text).offsetAt(params.position), ...validation };
  }

  completion(params: CompletionParams): CompletionItem[] {
    const at = this.cursorAt(params);
    if (!at) return [];
    const lines = new LineIndex(at.text);
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
  }

  hover(params: TextDocumentPositionParams): Hover | null {
    const at = this.cursorAt(params);
    if (!at) return null;
    const markdown = hover(at.model, at.policy, at.result.controls, at.file, at.offset);
    return markdown ? { contents: { kind: 'markdown', value: markdown } } : null;
  }

  definition(params: TextDocumentPositionParams): Location[] {
    const at = this.cursorAt(params);
    return at ? toLocations(at.folder, definition(at.model, at.policy, at.file, at.offset)) : [];
  }

  references(params: TextDocumentPositionParams): Location[] {
    const at = this.cursorAt(params);
    return at ? toLocations(at.folder, references(at.model, at.policy, at.file, at.offset)) : [];
  }

  prepareRename(params: TextDocumentPositionParams): { range: Range; placeholder: string } | null {
    const at = this.cursorAt(params);
    return (at && prepareRename(at.model, at.file, at.offset)) ?? null;
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    const at = this.cursorAt(params);
    const edits = at && renameJob(at.model, at.policy, at.file, at.offset, params.newName);
    return at && edits ? toWorkspaceEdit(edits, at.model, at.folder, this.versionOf) : null;
  }
}

function toLocations(folder: FolderState, locations: FileLocation[]): Location[] {
  return locations.map((l) => Location.create(folder.uriOf(l.file), l.range));
}
