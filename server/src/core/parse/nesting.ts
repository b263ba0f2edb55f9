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
 * overflowing the parser's stack. Strings are skipped with `indexOf` (most of a report is strings).
 */
export function scanStructure(text: string, limit = maxNestingDepth): Structure {
  let depth = 0;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      // Unterminated: the rest of the text is inside the string.
      if (end === -1) break;
      i = end;
    } else if (ch === 58 /* : */) colons++;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > limit) return { tooDeepAt: i, colons };
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth = Math.max(0, depth - 1);
  }
  return { colons };
}

/** Whether the quote at `at` follows an odd run of backslashes (which make it part of the string). */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 92 /* \ */) backslashes++;
  return backslashes % 2 === 1;
}
