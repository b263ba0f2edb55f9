/** Deeper than any real report or workflow; deeper input is refused before a recursive parser sees it. */
export const maxNestingDepth = 256;

/** Whether the text has more than `limit` `[` and `{` in all: else nothing in it can nest past the limit. */
export function mayNestPast(text: string, limit = maxNestingDepth): boolean {
  let openers = 0;
  for (const opener of ['[', '{']) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) if (++openers > limit) return true;
  }
  return false;
}

/**
 * The offset of the first `[`/`{` nested past the limit outside quoted strings, if any (the scan stops
 * there). A linear scan, so a 200,000-level file is refused in milliseconds instead of overflowing a
 * recursive parser's stack. Strings are skipped with `indexOf` (most of a report is strings).
 */
export function tooDeepAt(text: string, limit = maxNestingDepth): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      // Unterminated: the rest of the text is inside the string.
      if (end === -1) break;
      i = end;
    } else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Whether the quote at `at` follows an odd run of backslashes (which make it part of the string). */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 92 /* \ */) backslashes++;
  return backslashes % 2 === 1;
}
