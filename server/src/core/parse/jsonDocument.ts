import { createScanner, Node, ParseError, getNodeValue, parseTree, printParseErrorCode, SyntaxKind, visit } from 'jsonc-parser';
import { changedRange } from '../text/changedRange';
import { LineIndex } from '../text/lineIndex';
import { maxNestingDepth, tooDeepAt } from './nesting';
import type { Range } from '../types';

export type JsonPath = (string | number)[];

export interface SyntaxProblem {
  message: string;
  range: Range;
}

/** A member whose name the same object already has: JSON.parse keeps the last value, other readers the first. */
export interface DuplicateKey {
  name: string;
  /** The later occurrence's key. */
  range: Range;
  /** The first occurrence's key. */
  first: Range;
}

/**
 * A JSON file parsed once. Artifact files are strict JSON: comments and trailing commas are errors.
 *
 * The value comes from the native JSON.parse; the tree with a range for every node (jsonc-parser) is built
 * only when something asks for it, and ranges of a path are found by scanning tokens up to that path
 * without building the tree. Only a file JSON.parse refuses goes through the tolerant parser at once, to
 * say where and why. Duplicate keys are looked for only when the members JSON.parse kept are fewer than
 * the names written (see keyQuotes); the nesting scan runs only then, or when the value nests too deep.
 */
export class JsonDocument {
  readonly value: unknown;
  readonly syntaxErrors: SyntaxProblem[];
  readonly duplicateKeys: DuplicateKey[] = [];
  private linesCache?: LineIndex;
  /** undefined: not built yet; null: built, no tree (empty or too deep). */
  private rootCache?: Node | null;

  /**
   * `spliced`: the tree `afterEdit` made of the previous one for this text, and with it the value it made
   * (of a text that parses, nested as deep as before, without duplicate keys).
   */
  constructor(
    readonly file: string,
    readonly text: string,
    spliced?: { root: Node; value?: unknown },
  ) {
    this.rootCache = spliced?.root;
    if (spliced && 'value' in spliced) {
      this.value = spliced.value;
      this.syntaxErrors = [];
      return;
    }
    let value: unknown;
    let parsed = false;
    try {
      value = JSON.parse(source(text));
      parsed = true;
    } catch {
      // Said where and why below, by the tolerant parser.
    }
    // V8's JSON.parse does not recurse, so it meets any depth; what reads the value (and jsonc-parser) does.
    const members = parsed ? membersWithin(value, maxNestingDepth) : undefined;
    if (parsed && members !== undefined && members >= keyQuotes(text)) {
      this.value = value;
      this.syntaxErrors = [];
      return;
    }
    const tooDeep = tooDeepAt(text);
    if (tooDeep !== undefined) {
      this.rootCache = null;
      this.value = undefined;
      this.syntaxErrors = [{ message: `Not validated: nested deeper than ${maxNestingDepth} levels.`, range: this.lines.range(tooDeep, tooDeep + 1) }];
      return;
    }
    if (parsed) {
      // Fewer members kept than written: a name given twice in one object (or a string holding `":`).
      this.value = value;
      this.syntaxErrors = [];
      this.duplicateKeys = this.findDuplicateKeys();
      return;
    }
    const errors: ParseError[] = [];
    this.rootCache = parseTree(source(text), errors, parseOptions) ?? null;
    this.syntaxErrors = errors.map((e) => ({
      message: describeParseError(e),
      range: this.lines.range(e.offset, e.offset + Math.max(e.length, 1)),
    }));
    this.value = this.rootCache && this.syntaxErrors.length === 0 ? getNodeValue(this.rootCache) : undefined;
    this.duplicateKeys = this.findDuplicateKeys();
  }

  /**
   * The parse of `text`, an edit of `previous`'s text within one string (a check name typed in the
   * required-checks file), made by changing that string's node in previous's tree and moving the nodes
   * after it by the change in length: a keystroke does not build the tree of the whole file again.
   * Undefined (parse the whole text) when previous's tree was not built or it is not valid, or when the
   * edit reaches outside the string or leaves it anything but one string literal.
   *
   * `previous` is used up: its tree is the result's now (the parse cache replaces it).
   */
  static afterEdit(previous: JsonDocument, text: string): JsonDocument | undefined {
    const root = previous.rootCache;
    if (!root || !previous.isValid) return undefined;
    const before = previous.text;
    const { start, end: removedEnd } = changedRange(before, text);
    const node = stringAround(root, start, removedEnd);
    if (!node) return undefined;
    const delta = text.length - before.length;
    let value: unknown;
    try {
      // Still one string token from its opening to its closing quote: the edit did not write a quote, escape
      // the closing one, or leave an escape or a control character that is not valid.
      value = JSON.parse(text.slice(node.offset, node.offset + node.length + delta));
    } catch {
      return undefined;
    }
    // A value's string changes the value along its path alone; a key's changes which names the object has.
    const path = node.parent?.type === 'property' && node.parent.children?.[0] === node ? undefined : pathOf(node);
    const spliced = path && !path.includes('__proto__') ? { root, value: withValueAt(previous.value, path, value) } : { root };
    shiftAfter(root as MovableNode, start, removedEnd, delta);
    (node as MovableNode).value = value;
    return new JsonDocument(previous.file, text, spliced);
  }

  /** Every later occurrence of a name in the same object (a slow path: only files that have one, or do not parse). */
  private findDuplicateKeys(): DuplicateKey[] {
    const found: DuplicateKey[] = [];
    const objects: Map<string, Range>[] = [];
    visit(
      source(this.text),
      {
        onObjectBegin: () => void objects.push(new Map()),
        onObjectEnd: () => void objects.pop(),
        onObjectProperty: (name, offset, length) => {
          const seen = objects[objects.length - 1];
          const range = this.lines.range(offset, offset + length);
          const first = seen?.get(name);
          if (first) found.push({ name, range, first });
          else seen?.set(name, range);
        },
      },
      parseOptions,
    );
    return found;
  }

  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.text));
  }

  /** The tree with a node (and range) per value, built on first use. */
  get root(): Node | undefined {
    if (this.rootCache === undefined) this.rootCache = parseTree(source(this.text), [], parseOptions) ?? null;
    return this.rootCache ?? undefined;
  }

  /** Parses, and says one thing: a document with a duplicate key is not valid evidence of anything. */
  get isValid(): boolean {
    return this.syntaxErrors.length === 0 && this.duplicateKeys.length === 0 && this.rootCache !== null;
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

  /** The range of the deepest existing node on `path`, so a missing field is reported at its parent (once per path). */
  rangeNear(path: JsonPath): Range {
    const key = path.map((s) => (typeof s === 'number' ? `#${s}` : `.${s}`)).join('');
    let range = this.rangesNear.get(key);
    if (!range) this.rangesNear.set(key, (range = this.computeRangeNear(path)));
    return range;
  }

  private readonly rangesNear = new Map<string, Range>();

  /** The whole range of the node at `path` (for a failing entry: every field of it), if the node exists. */
  rangeAt(path: JsonPath): Range | undefined {
    if (this.rootCache === undefined && this.syntaxErrors.length === 0) {
      const found = locate(this.text, path, true);
      return found?.depth === path.length ? this.lines.range(found.offset, found.offset + found.length) : undefined;
    }
    const node = this.nodeAt(path);
    return node ? this.rangeOf(node) : undefined;
  }

  private computeRangeNear(path: JsonPath): Range {
    if (this.rootCache === undefined && this.syntaxErrors.length === 0) {
      const found = locate(this.text, path);
      if (!found) return this.lines.range(0, 0);
      if (found.key && found.container) return this.lines.range(found.key.offset, found.key.offset + found.key.length);
      return this.lines.range(found.offset, found.offset + (found.container ? 1 : found.length));
    }
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

const parseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** The string node (a value or a property's key) whose quotes enclose the offsets [from, to). */
function stringAround(node: Node, from: number, to: number): Node | undefined {
  for (let current: Node | undefined = node; current; ) {
    if (current.offset >= from || current.offset + current.length <= to) return undefined;
    if (current.type === 'string') return current;
    current = current.children?.find((child) => child.offset < from && to < child.offset + child.length);
  }
  return undefined;
}

/** The property names and indices from the root to a value's node. */
function pathOf(node: Node): JsonPath {
  const path: JsonPath = [];
  for (let current = node; current.parent; ) {
    const parent = current.parent;
    if (parent.type === 'property' && parent.parent) {
      path.push(parent.children![0].value as string);
      current = parent.parent;
    } else if (parent.type === 'array') {
      path.push(parent.children!.indexOf(current));
      current = parent;
    } else break;
  }
  return path.reverse();
}

/** `container` with `leaf` at `path`: the objects and arrays along the path copied, the rest shared (values are never changed). */
function withValueAt(container: unknown, path: JsonPath, leaf: unknown, depth = 0): unknown {
  if (depth === path.length) return leaf;
  const key = path[depth];
  const copy = (Array.isArray(container) ? container.slice() : { ...(container as object) }) as Record<string | number, unknown>;
  copy[key] = withValueAt(copy[key], path, leaf, depth + 1);
  return copy;
}

type MovableNode = { -readonly [K in keyof Node]: Node[K] } & { children?: MovableNode[] };

/** Moves the nodes that start after an edit of [from, to) by `delta`, and lengthens the ones around it. */
function shiftAfter(node: MovableNode, from: number, to: number, delta: number): void {
  if (node.offset >= to) node.offset += delta;
  else if (node.offset < from && node.offset + node.length > to) node.length += delta;
  else return;
  if (node.colonOffset !== undefined && node.colonOffset >= to) node.colonOffset += delta;
  for (const child of node.children ?? []) if (child.offset + child.length > from) shiftAfter(child, from, to, delta);
}

/** A byte-order mark is legal at the start of a file; blank it without moving any offset. */
function source(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

interface Located {
  offset: number;
  /** 1 for a container, unless its extent was asked for. */
  length: number;
  container: boolean;
  /** How many path segments lead to it. */
  depth: number;
  key?: { offset: number; length: number };
}

/**
 * The deepest node on `path` of a valid JSON text (the first member of a name, as nodeAt finds it), by
 * scanning tokens: values off the path are skipped, and the scan stops as soon as the path is resolved.
 */
function locate(text: string, path: JsonPath, extent = false): Located | undefined {
  const scanner = createScanner(text, true);
  let token = scanner.scan();
  let best: Located | undefined;
  /** Skips the value at the current token; returns the offset just past it. */
  const skip = (): number => {
    let depth = 0;
    let end = scanner.getTokenOffset();
    do {
      if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) depth++;
      else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--;
      end = scanner.getTokenOffset() + scanner.getTokenLength();
      token = scanner.scan();
    } while (depth > 0 && token !== SyntaxKind.EOF);
    return end;
  };
  const visit = (depth: number, key?: Located['key']): void => {
    const offset = scanner.getTokenOffset();
    const isObject = token === SyntaxKind.OpenBraceToken;
    if (!isObject && token !== SyntaxKind.OpenBracketToken) {
      best = { offset, length: scanner.getTokenLength(), container: false, depth, key };
      return;
    }
    best = { offset, length: 1, container: true, depth, key };
    if (depth >= path.length) {
      if (extent) best.length = skip() - offset;
      return;
    }
    const segment = path[depth];
    const close = isObject ? SyntaxKind.CloseBraceToken : SyntaxKind.CloseBracketToken;
    token = scanner.scan();
    for (let index = 0; token !== close && token !== SyntaxKind.EOF; index++) {
      if (isObject) {
        const name = scanner.getTokenValue();
        const keyRange = { offset: scanner.getTokenOffset(), length: scanner.getTokenLength() };
        scanner.scan(); // the colon
        token = scanner.scan();
        if (name === segment) return visit(depth + 1, keyRange);
      } else if (index === segment) {
        return visit(depth + 1);
      }
      skip();
      if (token === SyntaxKind.CommaToken) token = scanner.scan();
    }
  };
  visit(0);
  return best;
}

/** The object members a parsed value holds, nested ones included; undefined when it nests deeper than `limit`. */
function membersWithin(value: unknown, limit: number, depth = 1): number | undefined {
  if (value === null || typeof value !== 'object') return 0;
  if (depth > limit) return undefined;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inside = membersWithin(item, limit, depth + 1);
      if (inside === undefined) return undefined;
      count += inside;
    }
    return count;
  }
  for (const key in value) {
    const inside = membersWithin((value as Record<string, unknown>)[key], limit, depth + 1);
    if (inside === undefined) return undefined;
    count += 1 + inside;
  }
  return count;
}

/**
 * Quotes followed by a colon (blanks between allowed): at least the object members written, since each
 * member's name ends so; more only when strings hold `":`, which sends a file to the slow path for nothing.
 * Cheaper than a scan of every character, which is what `tooDeepAt` is.
 */
function keyQuotes(text: string): number {
  let count = 0;
  for (let quote = text.indexOf('"'); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let next = quote + 1;
    let ch = text.charCodeAt(next);
    while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = text.charCodeAt(++next);
    if (ch === 58 /* : */) count++;
  }
  return count;
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
