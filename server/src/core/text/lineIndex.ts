import type { Position, Range } from '../types';

/**
 * Maps string offsets to LSP positions. Lines end at `\n`, `\r\n` or a lone `\r`, as LSP defines them,
 * so positions stay right in CRLF files. Line starts are found lazily, only as far into the text as a
 * question needs: the range of a report's `status` near the top of a 1 MB file scans a few lines.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Offset up to which line breaks have been recorded. */
  private scanned = 0;
  /** In a text without `\r`, the first `\n` at or past `scanned` (-1: none), once looked for. */
  private nextBreak?: number;
  private hasCarriageReturn?: boolean;

  constructor(private readonly text: string) {}

  /** Records line starts until `offset` is scanned (or the text ends). */
  private scanTo(offset: number): void {
    const text = this.text;
    const end = Math.min(offset, text.length);
    if (end <= this.scanned) return;
    if (!(this.hasCarriageReturn ??= text.includes('\r'))) {
      // `indexOf` finds a break several times faster than a loop over the characters does.
      let at = this.nextBreak ?? text.indexOf('\n', this.scanned);
      for (; at !== -1 && at < end; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
      this.nextBreak = at;
      this.scanned = end;
      return;
    }
    let i = this.scanned;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
    this.scanned = Math.max(this.scanned, i);
  }

  /** Scans until line `line` + 1 has a known start, or the text ends. */
  private scanLines(line: number): void {
    while (this.lineStarts.length <= line + 1 && this.scanned < this.text.length) this.scanTo(this.scanned + 4096);
  }

  get lineCount(): number {
    this.scanTo(this.text.length);
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    this.scanTo(clamped + 1);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset inside a \r\n pair is not a position: it stands at the end of the line's content.
    return { line: low, character: Math.min(clamped, this.lineEnd(low)) - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    this.scanLines(position.line);
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  /** Offset just past the line's content, before its line break. */
  lineEnd(line: number): number {
    this.scanLines(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineStart(line: number): number {
    this.scanLines(line);
    return this.lineStarts[Math.min(line, this.lineStarts.length - 1)];
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

export const documentStart: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
