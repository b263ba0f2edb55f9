import { Document, isNode, Node, parseDocument } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import type { Range } from '../types';
import type { SyntaxProblem } from './jsonDocument';
import { maxNestingDepth, scanStructure } from './nesting';

/** Real workflows use a handful of aliases; far more means a file built to exhaust memory. */
const maxAliasCount = 100;

/** A YAML file parsed once, with ranges. Duplicate keys are errors, as GitHub treats them. */
export class YamlDocument {
  readonly lines: LineIndex;
  readonly document: Document.Parsed;
  readonly syntaxErrors: SyntaxProblem[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    // YAML has single quotes too; flow collections that deep are refused all the same.
    const tooDeep = scanStructure(text.replace(/'[^'\n]*'/g, (quoted) => ' '.repeat(quoted.length))).tooDeepAt;
    this.document = parseDocument(tooDeep === undefined ? text : '', { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
    if (tooDeep !== undefined) {
      this.syntaxErrors = [{ message: `Not validated: nested deeper than ${maxNestingDepth} levels.`, range: this.lines.range(tooDeep, tooDeep + 1) }];
      return;
    }
    this.syntaxErrors = this.document.errors.map((error) => ({
      message: `Invalid YAML: ${firstLine(error.message)}`,
      range: this.lines.range(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
    }));
    // An alias needs an anchor (`&name`): without one there is nothing to expand.
    if (this.syntaxErrors.length === 0 && text.includes('*') && /&[^\s&]/.test(text)) {
      try {
        // Aliases are expanded once here, bounded: a "billion laughs" file is refused, not expanded.
        this.document.toJS({ maxAliasCount: maxAliasCount });
      } catch (error) {
        const anchor = text.indexOf('&');
        this.syntaxErrors = [{ message: `Not validated: ${error instanceof Error ? firstLine(error.message) : 'aliases cannot be expanded.'} (more than ${maxAliasCount} alias expansions).`, range: this.lines.range(Math.max(anchor, 0), Math.max(anchor, 0) + 1) }];
      }
    }
  }

  rangeOf(node: unknown): Range | undefined {
    if (!isNode(node) || !(node as Node).range) return undefined;
    const [start, valueEnd] = (node as Node).range!;
    return this.lines.range(start, valueEnd);
  }

}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.endsWith('.') ? line : `${line}.`;
}
