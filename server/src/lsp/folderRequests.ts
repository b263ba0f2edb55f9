import { adoptionFiles } from '../core/adoption';
import { fixAll } from '../core/fixes/fixAll';
import { editBetween } from '../core/fixes/textEdit';
import { toMarkdown } from '../core/output/markdown';
import type { AdoptionFiles, FixAllResult } from '../protocol';
import { toWorkspaceEdit } from './convert';
import type { FolderState } from './folderState';

/** Every preferred required-check fix of the folder, applied one at a time, as one edit per changed file. */
export function folderFixAll(folder: FolderState, versionOf: (uri: string) => number | null): FixAllResult {
  const { model, options } = folder.validation();
  const outcome = fixAll(model.snapshot, options);
  const edits = [...outcome.changed].map(([file, text]) => editBetween(file, model.text(file) ?? '', text));
  return { edit: toWorkspaceEdit(edits, model, folder, versionOf), applied: outcome.applied.map((a) => a.title), remaining: outcome.remaining.length };
}

/** The release evidence block of the folder in Markdown. */
export function evidenceMarkdown(folder: FolderState): string {
  return toMarkdown(folder.validation().result, { headSha: folder.headSha });
}

/** The starter files of adoption, each with the URI the client writes it to. */
export function folderAdoption(folder: FolderState): AdoptionFiles {
  const adoption = adoptionFiles(folder.validation().model);
  return { ...adoption, files: adoption.files.map((f) => ({ ...f, uri: folder.uriOf(f.path) })) };
}
