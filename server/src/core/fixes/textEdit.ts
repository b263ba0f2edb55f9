import type { FormattingOptions } from 'jsonc-parser';

/** A replacement of `length` characters at `offset` in one workspace file. */
export interface FileEdit {
  file: string;
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  /** The one fix that is safe to apply without a second look (LSP isPreferred). */
  isPreferred?: boolean;
  edits: FileEdit[];
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The file's own indentation, so inserted JSON looks like its neighbours. */
export function jsonFormatting(text: string): FormattingOptions {
  const indented = /\n([ \t]+)\S/.exec(text)?.[1];
  const insertSpaces = !indented?.startsWith('\t');
  return { insertSpaces, tabSize: insertSpaces ? (indented?.length ?? 2) : 1, eol: lineEnding(text), insertFinalNewline: false, keepLines: true };
}

/** Applies edits of one file (non-overlapping), last first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly FileEdit[]): string {
  return [...edits]
    .sort((a, b) => b.offset - a.offset)
    .reduce((result, edit) => result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length), text);
}

/** The one edit that turns `before` into `after`: everything between their common start and common end. */
export function editBetween(file: string, before: string, after: string): FileEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { file, offset: start, length: before.length - start - end, newText: after.slice(start, after.length - end) };
}
