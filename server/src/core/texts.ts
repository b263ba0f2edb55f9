/**
 * File texts by workspace path, read through `get`: a front may read them on demand (the language server
 * keeps no text of an unopened file), so views over them copy nothing, and iterating reads every file.
 */
export abstract class TextsView implements ReadonlyMap<string, string> {
  abstract get(file: string): string | undefined;
  abstract has(file: string): boolean;
  abstract get size(): number;
  abstract keys(): MapIterator<string>;

  *entries(): MapIterator<[string, string]> {
    for (const file of this.keys()) {
      const text = this.get(file);
      if (text !== undefined) yield [file, text];
    }
  }

  *values(): MapIterator<string> {
    for (const [, text] of this.entries()) yield text;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (text: string, file: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [file, text] of this.entries()) callback(text, file, this);
  }
}

/** File texts in two layers, the upper one winning: a fix's edited files over the workspace, the workspace over live evidence. */
export class LayeredTexts extends TextsView {
  private count?: number;

  constructor(
    private readonly upper: ReadonlyMap<string, string>,
    private readonly lower: ReadonlyMap<string, string>,
  ) {
    super();
  }

  get(file: string): string | undefined {
    return this.upper.get(file) ?? this.lower.get(file);
  }

  has(file: string): boolean {
    return this.upper.has(file) || this.lower.has(file);
  }

  get size(): number {
    if (this.count === undefined) {
      let below = 0;
      for (const file of this.lower.keys()) if (!this.upper.has(file)) below++;
      this.count = this.upper.size + below;
    }
    return this.count;
  }

  *keys(): MapIterator<string> {
    yield* this.upper.keys();
    for (const file of this.lower.keys()) if (!this.upper.has(file)) yield file;
  }
}
