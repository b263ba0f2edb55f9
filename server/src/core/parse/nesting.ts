/** Deeper than any real report or workflow; deeper input is refused before a recursive parser sees it. */
export const maxNestingDepth = 256;

export interface Structure {
  /** Offset of the first `[`/`{` past the nesting limit, if any (the scan stops there). */
  tooDeepAt?: number;
  /** `:` outside quoted strings: in valid JSON, exactly the number of object members written. */
  colons: number;
}

/**
 * The deepest `[`/`{` nesting outside quoted strings, stopping early past the limit, and the colons
 * outside strings. A linear scan, so a 200,000-level file is refused in milliseconds instead of
 * overflowing the parser's stack.
 */
export function scanStructure(text: string, limit = maxNestingDepth): Structure {
  let depth = 0;
  let quote = 0;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote !== 0) {
      if (ch === 92 /* \ */ && quote === 34) i++;
      else if (ch === quote) quote = 0;
      continue;
    }
    if (ch === 34 /* " */) quote = 34;
    else if (ch === 58 /* : */) colons++;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > limit) return { tooDeepAt: i, colons };
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth = Math.max(0, depth - 1);
  }
  return { colons };
}
