/** Texts are compared a block at a time (native string comparison), then a character at a time within the block that differs. */
const block = 1024;

/**
 * Where two texts differ, as one replacement: before[start, end) became after[start, end + after.length -
 * before.length). Found by skipping their common start and their common end (one keystroke, one paste).
 */
export function changedRange(before: string, after: string): { start: number; end: number } {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start + block <= limit && before.slice(start, start + block) === after.slice(start, start + block)) start += block;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  const room = limit - start;
  let common = 0;
  while (common + block <= room && before.slice(before.length - common - block, before.length - common) === after.slice(after.length - common - block, after.length - common)) common += block;
  while (common < room && before.charCodeAt(before.length - 1 - common) === after.charCodeAt(after.length - 1 - common)) common++;
  return { start, end: before.length - common };
}
