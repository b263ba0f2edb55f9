import { modify } from 'jsonc-parser';
import type { JsonPath } from '../parse/jsonDocument';
import type { WorkspaceModel } from '../workspace';
import { jsonFormatting, QuickFix } from './textEdit';

/** The preferred fix that sets one JSON value, formatted like the rest of the file. */
export function setJsonValueFix(model: WorkspaceModel, file: string, path: JsonPath, value: unknown, title: string): QuickFix[] {
  const text = model.text(file);
  if (text === undefined) return [];
  const edits = modify(text, path, value, { formattingOptions: jsonFormatting(text) }).map((e) => ({ file, offset: e.offset, length: e.length, newText: e.content }));
  return [{ title, isPreferred: true, edits }];
}
