import { Scalar } from 'yaml';
import type { YamlDocument } from '../parse/yamlDocument';
import type { Position } from '../types';

/**
 * Maps a position in the decoded text of a `run:` scalar back to the YAML file. Exact for literal block
 * scalars (`run: |`, the usual form) and single-line plain scalars; other styles fold or unescape
 * the text, so positions there fall back to the scalar's start.
 */
export function scriptPositionMapper(doc: YamlDocument, node: Scalar, keyColumn?: number): (scriptLine: number, column: number) => Position {
  // Most scripts have nothing to place (no snippet, or one that parses): the mapping is worked out when first asked.
  let map: ReturnType<typeof unclampedMapper> | undefined;
  // Decoded text and source can disagree at the edges (a truncated file, a kept final newline): stay inside the file.
  return (scriptLine, column) => doc.lines.positionAt(doc.lines.offsetAt((map ??= unclampedMapper(doc, node, keyColumn))(scriptLine, column)));
}

function unclampedMapper(doc: YamlDocument, node: Scalar, keyColumn?: number): (scriptLine: number, column: number) => Position {
  const [start, end] = node.range!;
  const startPosition = doc.lines.positionAt(start);
  const fallback = () => startPosition;
  if (node.type === Scalar.BLOCK_LITERAL) {
    const source = doc.text.slice(start, end);
    // The header (`|`, `|-`, `|2`) ends its line; content lines follow, indented by the block's indentation.
    const header = /^\|([1-9])?[-+]?([1-9])?[ \t]*(#.*)?$/m.exec(source.split(/\r?\n/)[0]);
    const firstContentLine = startPosition.line + 1;
    const explicit = header?.[1] ?? header?.[2];
    let indent: number | undefined;
    if (explicit) {
      // Counted from the indentation of the mapping holding the key (`- run: |2`: the column of `run`).
      const parentIndent = keyColumn ?? doc.text.slice(doc.lines.lineStart(startPosition.line), start).search(/\S/);
      indent = Math.max(0, parentIndent) + Number(explicit);
    } else {
      for (let line = firstContentLine; line < doc.lines.lineCount; line++) {
        const text = doc.text.slice(doc.lines.lineStart(line), doc.lines.lineEnd(line));
        if (text.trim() !== '') {
          indent = text.search(/\S/);
          break;
        }
      }
    }
    if (indent === undefined) return fallback;
    return (scriptLine, column) => ({ line: firstContentLine + scriptLine, character: indent! + column });
  }
  if (node.type === Scalar.PLAIN && !doc.text.slice(start, end).includes('\n')) {
    return (scriptLine, column) => (scriptLine === 0 ? { line: startPosition.line, character: startPosition.character + column } : startPosition);
  }
  return fallback;
}
