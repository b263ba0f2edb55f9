import { Node, ParseError, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../text/lineIndex';
import { exceedsNesting, maxNestingDepth } from './nesting';
import type { Range } from '../types';

export type JsonPath = (string | number)[];

export interface SyntaxProblem {
  message: string;
  range: Range;
}

/** A JSON file parsed once, with a range for every node. Artifact files are strict JSON: comments and trailing commas are errors. */
export class JsonDocument {
  readonly lines: LineIndex;
  readonly root: Node | undefined;
  readonly value: unknown;
  readonly syntaxErrors: SyntaxProblem[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    const tooDeep = exceedsNesting(text);
    if (tooDeep !== undefined) {
      this.root = undefined;
      this.value = undefined;
      this.syntaxErrors = [{ message: `Not validated: nested deeper than ${maxNestingDepth} levels.`, range: this.lines.range(tooDeep, tooDeep + 1) }];
      return;
    }
    const errors: ParseError[] = [];
    // A byte-order mark is legal at the start of a file; blank it without moving any offset.
    const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    this.root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    this.syntaxErrors = errors.map((e) => ({
      message: describeParseError(e),
      range: this.lines.range(e.offset, e.offset + Math.max(e.length, 1)),
    }));
    this.value = this.root && this.syntaxErrors.length === 0 ? getNodeValue(this.root) : undefined;
  }

  get isValid(): boolean {
    return this.root !== undefined && this.syntaxErrors.length === 0;
  }

  /** The node at a path of property names and array indices, if present. */
  nodeAt(path: JsonPath): Node | undefined {
    let node = this.root;
    for (const segment of path) node = node && childOf(node, segment);
    return node;
  }

  /** The node for an ajv instance path such as `/summary/total` or `/checks/3/passed`. */
  nodeAtPointer(pointer: string): Node | undefined {
    if (pointer === '') return this.root;
    let node = this.root;
    for (const raw of pointer.slice(1).split('/')) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = node && childOf(node, node.type === 'array' ? Number(segment) : segment);
    }
    return node;
  }

  rangeOf(node: Node): Range {
    return this.lines.range(node.offset, node.offset + node.length);
  }

  /**
   * A short range that names a node: the property key for a member value that spans lines,
   * the value itself for scalars, else the opening bracket.
   */
  focusRange(node: Node | undefined): Range {
    if (!node) return this.lines.range(0, 0);
    if (node.type !== 'object' && node.type !== 'array') return this.rangeOf(node);
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    if (key) return this.rangeOf(key);
    return this.lines.range(node.offset, node.offset + 1);
  }

  /** The range of the deepest existing node on `path`, so a missing field is reported at its parent. */
  rangeNear(path: JsonPath): Range {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth));
      if (node) return this.focusRange(node);
    }
    return this.lines.range(0, 0);
  }

  /** The value at a path (undefined when absent or the document is invalid). */
  valueAt(path: JsonPath): unknown {
    let value: unknown = this.value;
    for (const segment of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string | number, unknown>)[segment];
    }
    return value;
  }
}

function childOf(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'object' && typeof segment === 'string') {
    return node.children?.find((p) => p.children?.[0]?.value === segment)?.children?.[1];
  }
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  return undefined;
}

function describeParseError(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `Invalid JSON: ${words}.`;
}

export function parsePath(dotted: string): JsonPath {
  return dotted.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
