import { TextsView } from '../core/texts';

/**
 * A folder's file texts as the engine reads them, without keeping them: a file's text is there while its
 * holder has it (an open document, a file just read from disk for the check about to run), else it is
 * read back on the first ask and kept until `release` (the end of the check). A workspace's texts are its
 * largest part, and what a check works out of an unchanged file is kept as results of their own.
 */
export class FolderTexts extends TextsView {
  private readonly readBack = new Map<string, string>();

  constructor(
    /** Every file, with its text when held. */
    private readonly held: ReadonlyMap<string, string | undefined>,
    private readonly read: (file: string) => string | undefined,
  ) {
    super();
  }

  get(file: string): string | undefined {
    if (!this.held.has(file)) return undefined;
    const text = this.held.get(file) ?? this.readBack.get(file);
    if (text !== undefined) return text;
    const read = this.read(file);
    if (read !== undefined) this.readBack.set(file, read);
    return read;
  }

  has(file: string): boolean {
    return this.held.has(file);
  }

  get size(): number {
    return this.held.size;
  }

  keys(): MapIterator<string> {
    return this.held.keys();
  }

  /** Forgets the texts read back. */
  release(): void {
    this.readBack.clear();
  }
}
