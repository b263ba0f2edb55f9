/**
 * Where two texts differ, as one replacement: before[start, end) became after[start, end + after.length -
 * before.length). Found by skipping their common start and their common end (one keystroke, one paste).
 */
export function changedRange(before: string, after: string): { start: number; end: number } {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let common = 0;
  while (common < limit - start && before.charCodeAt(before.length - 1 - common) === after.charCodeAt(after.length - 1 - common)) common++;
  return { start, end: before.length - common };
}
