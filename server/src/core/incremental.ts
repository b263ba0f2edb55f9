/**
 * Results of derived computations kept across checks of one workspace, each with what it read: the files
 * (by path), whether the list of file names, the times between which what it read of the clock holds, and
 * whether anything that is not kept (the check's time itself, the control evaluation). Before a check, the
 * files whose text changed since the previous check drop exactly the results that read them, through an
 * index from each file to its readers, and a check at another time drops the results whose clock reading
 * no longer holds; everything else is reused as it was, by identity. Pure: the reads are noted by the WorkspaceModel's accessors.
 */

/**
 * What one computation read: files, the list of names, and the kept results it used (their reads are
 * theirs: dropping one drops its readers). A volatile computation read something that changes on every
 * check, directly or through a result it used: it is never kept.
 */
class Reads {
  /** Made on the first read: most of the computations an update verifies read no file and use one result. */
  files?: Set<string>;
  results?: Set<Entry>;
  names = false;
  volatile = false;
  /** The times (ms since the epoch) between which what was read of the clock holds: from inclusive, until exclusive. */
  from = -Infinity;
  until = Infinity;
}

let reading: Reads | undefined;

/** A computation read the text of a file (or found it absent, or why it was not read). */
export function noteFile(file: string): void {
  if (reading) (reading.files ??= new Set()).add(file);
}

/** A computation read the list of file names (a listing, a pattern match). */
export function noteNames(): void {
  if (reading) reading.names = true;
}

/** A computation read something not kept between checks: its result is computed again every time. */
export function noteVolatile(): void {
  if (reading) reading.volatile = true;
}

/** A computation read the clock, and what it read holds for checks at times in [from, until). */
export function noteClock(from: number, until: number): void {
  if (!reading) return;
  reading.from = Math.max(reading.from, from);
  reading.until = Math.min(reading.until, until);
}

/** Runs `compute` noting what it reads; the computation around it notes only that it used the result. */
function noted<T>(compute: () => T): { value: T; reads: Reads } {
  const outer = reading;
  const reads = new Reads();
  reading = reads;
  try {
    return { value: compute(), reads };
  } finally {
    reading = outer;
  }
}

/** What a kept result holds of what its computation read. */
function dependenciesOf(reads: Reads): Pick<Entry, 'files' | 'uses' | 'names' | 'clock'> {
  return {
    files: reads.files ? [...reads.files] : none,
    uses: reads.results ? [...reads.results] : none,
    names: reads.names,
    clock: reads.from !== -Infinity || reads.until !== Infinity ? { from: reads.from, until: reads.until } : undefined,
  };
}

/** A kept result, with what it read (as compact lists: there are tens of thousands of these). */
interface Entry {
  scope: Map<string, Entry>;
  key: string;
  value: unknown;
  files: readonly string[];
  uses: readonly Entry[];
  names: boolean;
  /** Read the clock: kept for checks at times in [from, until). */
  clock?: { from: number; until: number };
  /** Kept results that used this one. */
  readers?: Set<Entry>;
  /** For a result compared by value: works it out again for a check (given that check's context). */
  recompute?: (context: unknown) => unknown;
}

const none: readonly never[] = [];

/** The results of one list of keys as collected at the last check: the non-empty ones, and the keys never kept. */
interface Collection {
  keys: readonly string[];
  update: number;
  found: Map<string, readonly unknown[]>;
  volatile: Set<string>;
  /** `found` flattened, while no key's results changed (the same array: most rules' findings stay as they were). */
  all?: unknown[];
}

export class IncrementalState {
  private readonly scopes = new Map<string, Map<string, Entry>>();
  private readonly readersOf = new Map<string, Set<Entry>>();
  private readonly listingReaders = new Set<Entry>();
  private readonly clockReaders = new Set<Entry>();
  /** Per scope, the keys whose results the last update dropped. */
  private readonly dropped = new Map<Map<string, Entry>, string[]>();
  private readonly collections = new Map<string, Collection>();
  /** The last list deriveEach gave per scope outside a computation, and whether every one of its results is kept. */
  private readonly lists = new Map<string, { keys: readonly string[]; update: number; values: unknown[]; allKept: boolean }>();
  /** The last value of each computation that is never kept, per scope. */
  private readonly volatileValues = new Map<string, Map<string, unknown>>();
  private updates = 0;
  /**
   * The files as of the last check: which were there, and why those not read were not. No text is kept:
   * the caller says which files changed (a language server knows from its events), and a workspace's texts
   * are its largest part.
   */
  private present = new Set<string>();
  private unread = new Map<string, string>();
  private inputs?: readonly unknown[];
  /** While an update drops results: the ones compared by value that it reached, verified once it is done. */
  private suspects?: Set<Entry>;

  /**
   * Brings the kept results to the files of this check: drops those that read what changed. `inputs` are
   * what the check depends on besides the files: when any of them changes, nothing is reused. `changed`,
   * when the caller knows it, lists every file whose text or presence may differ from the previous check;
   * without it, every file counts as changed. `now` is the check's time: results that read the clock for
   * another time are dropped. `context` is what the results compared by value are worked out again with
   * (the check's model): one that comes out equal keeps its readers.
   */
  update(files: ReadonlyMap<string, string>, skipped: ReadonlyMap<string, string>, inputs: readonly unknown[], now: number, changed?: Iterable<string>, context?: unknown): void {
    const previous = this.inputs;
    this.inputs = inputs;
    this.updates++;
    this.dropped.clear();
    if (!previous || inputs.length !== previous.length || inputs.some((input, i) => input !== previous[i])) {
      this.clear();
      this.present = new Set(files.keys());
      this.unread = new Map(skipped);
      return;
    }
    let renamed = false;
    if (context !== undefined) this.suspects = new Set();
    const change = (file: string) => {
      const there = files.has(file);
      const reason = skipped.get(file);
      const wasThere = this.present.has(file);
      const wasReason = this.unread.get(file);
      if (!there && !wasThere && reason === wasReason) return;
      if (there !== wasThere || (reason === undefined) !== (wasReason === undefined)) renamed = true;
      if (there) this.present.add(file);
      else this.present.delete(file);
      if (reason === undefined) this.unread.delete(file);
      else this.unread.set(file, reason);
      this.invalidate(file);
    };
    if (changed) {
      for (const file of changed) change(file);
    } else {
      const names = new Set([...files.keys(), ...skipped.keys(), ...this.present, ...this.unread.keys()]);
      names.forEach(change);
    }
    if (renamed) for (const entry of [...this.listingReaders]) this.drop(entry);
    for (const entry of [...this.clockReaders]) if (now < entry.clock!.from || now >= entry.clock!.until) this.drop(entry);
    const suspects = this.suspects;
    this.suspects = undefined;
    if (suspects) for (const entry of suspects) this.verify(entry, context);
  }

  /**
   * Works a result compared by value out again, with what the update left: equal, it stays as it was
   * (the same value) and so do its readers; else it takes the new value and its readers are dropped.
   */
  private verify(entry: Entry, context: unknown): void {
    if (entry.scope.get(entry.key) !== entry) return;
    this.unregister(entry);
    let computed: { value: unknown; reads: Reads } | undefined;
    try {
      computed = noted(() => entry.recompute!(context));
    } catch {
      // The check asks for it again, and says what went wrong there.
    }
    const readers = entry.readers;
    entry.readers = undefined;
    if (!computed || computed.reads.volatile) {
      entry.scope.delete(entry.key);
      this.noteDropped(entry);
      if (readers) for (const reader of readers) this.drop(reader);
      return;
    }
    Object.assign(entry, dependenciesOf(computed.reads));
    if (sameValue(entry.value, computed.value)) {
      entry.readers = readers;
    } else {
      entry.value = computed.value;
      this.noteDropped(entry);
      if (readers) for (const reader of readers) this.drop(reader);
    }
    this.keep(entry);
  }

  /**
   * The kept result of `scope`/`key`, or `compute`d now (and kept unless it read something volatile).
   * With `recompute` (a value compared member by member), the result is worked out again by the update
   * that would drop it, and kept with its readers when it comes out equal ("early cutoff").
   */
  derive<T>(scope: string, key: string, compute: () => T, recompute?: (context: unknown) => T): T {
    const entries = this.entriesOf(scope);
    const kept = entries.get(key);
    if (kept) {
      if (reading) (reading.results ??= new Set()).add(kept);
      return kept.value as T;
    }
    const { value, reads } = noted(compute);
    if (reads.volatile) {
      if (reading) reading.volatile = true;
      return this.asBefore(scope, key, value);
    }
    const entry: Entry = { scope: entries, key, value, ...dependenciesOf(reads) };
    if (recompute) entry.recompute = recompute;
    this.keep(entry);
    if (reading) (reading.results ??= new Set()).add(entry);
    return value;
  }

  /**
   * A value worked out again at every check, or the previous check's value under the same key when equal:
   * its readers (the rule loop, the diagnostics sent, the verdict view) then see it unchanged.
   */
  asBefore<T>(scope: string, key: string, value: T): T {
    let values = this.volatileValues.get(scope);
    if (!values) this.volatileValues.set(scope, (values = new Map()));
    const previous = values.get(key);
    if (sameValue(previous, value)) return previous as T;
    values.set(key, value);
    return value;
  }

  /**
   * `derive` for many keys of one scope: a kept result costs one lookup, no closure (`recompute`: as
   * derive's, for results compared by value). Outside a computation,
   * the same list of keys as at the previous check, none of whose results changed, gives the previous
   * check's array (the controls' list is thousands long, and is asked for at every keystroke).
   */
  deriveEach<T>(scope: string, keys: readonly string[], compute: (key: string) => T, recompute?: (key: string, context: unknown) => T): T[] {
    const entries = this.entriesOf(scope);
    const last = this.lists.get(scope);
    if (!reading && last?.keys === keys && last.update === this.updates - 1 && last.allKept && !this.dropped.has(entries)) {
      last.update = this.updates;
      return last.values as T[];
    }
    // Sized once: the controls' list is thousands long, and grown by pushes it is copied a dozen times.
    const values = new Array<T>(keys.length);
    let allKept = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const kept = entries.get(key);
      if (kept) {
        if (reading) (reading.results ??= new Set()).add(kept);
        values[i] = kept.value as T;
      } else {
        values[i] = this.derive(scope, key, () => compute(key), recompute && ((context) => recompute(key, context)));
        allKept &&= entries.has(key);
      }
    }
    if (!reading) this.lists.set(scope, { keys, update: this.updates, values, allKept });
    return values;
  }

  /**
   * Every key's results, flattened, as `deriveEach` would give them; for the same list of keys as at the
   * previous check, only the keys whose results were dropped (or are never kept) are looked at again.
   */
  collect<T>(scope: string, keys: readonly string[], compute: (key: string) => readonly T[]): T[] {
    if (reading) return this.deriveEach(scope, keys, compute).flat();
    const entries = this.entriesOf(scope);
    let collection = this.collections.get(scope);
    // A list worked out again with the same names (a rule's files after an edit of what lists them) is the same list.
    const sameKeys = collection !== undefined && (collection.keys === keys || sameItems(collection.keys, keys));
    const again = sameKeys && collection!.update === this.updates - 1 ? [...(this.dropped.get(entries) ?? []), ...collection!.volatile] : undefined;
    if (!collection || !again) this.collections.set(scope, (collection = { keys, update: this.updates, found: new Map(), volatile: new Set() }));
    collection.keys = keys;
    collection.update = this.updates;
    for (const key of again ?? keys) {
      const values = this.derive(scope, key, () => compute(key));
      if (entries.has(key)) collection.volatile.delete(key);
      else collection.volatile.add(key);
      if (values.length > 0 ? collection.found.get(key) === values : !collection.found.has(key)) continue;
      if (values.length > 0) collection.found.set(key, values);
      else collection.found.delete(key);
      collection.all = undefined;
    }
    return (collection.all ??= [...collection.found.values()].flat()) as T[];
  }

  private entriesOf(scope: string): Map<string, Entry> {
    let entries = this.scopes.get(scope);
    if (!entries) this.scopes.set(scope, (entries = new Map()));
    return entries;
  }

  private keep(entry: Entry): void {
    entry.scope.set(entry.key, entry);
    for (const file of entry.files) {
      let readers = this.readersOf.get(file);
      if (!readers) this.readersOf.set(file, (readers = new Set()));
      readers.add(entry);
    }
    for (const used of entry.uses) (used.readers ??= new Set()).add(entry);
    if (entry.names) this.listingReaders.add(entry);
    if (entry.clock) this.clockReaders.add(entry);
  }

  private invalidate(file: string): void {
    const readers = this.readersOf.get(file);
    if (readers) for (const entry of [...readers]) this.drop(entry);
  }

  /**
   * Drops a kept result and, transitively, every kept result that used it. During an update, a result
   * compared by value is not dropped but verified once the update is done (and its readers with it).
   */
  private drop(first: Entry): void {
    const pending = [first];
    for (let entry = pending.pop(); entry; entry = pending.pop()) {
      if (entry.scope.get(entry.key) !== entry) continue;
      if (entry.recompute && this.suspects) {
        this.suspects.add(entry);
        continue;
      }
      entry.scope.delete(entry.key);
      this.noteDropped(entry);
      this.unregister(entry);
      if (entry.readers) pending.push(...entry.readers);
    }
  }

  /** Notes that the result of an entry's key changed, for the rule loop to look at it again. */
  private noteDropped(entry: Entry): void {
    let keys = this.dropped.get(entry.scope);
    if (!keys) this.dropped.set(entry.scope, (keys = []));
    keys.push(entry.key);
  }

  /** Takes an entry out of the indexes of what it read (its readers stay with it). */
  private unregister(entry: Entry): void {
    for (const file of entry.files) {
      const readers = this.readersOf.get(file);
      readers?.delete(entry);
      if (readers?.size === 0) this.readersOf.delete(file);
    }
    for (const used of entry.uses) used.readers?.delete(entry);
    this.listingReaders.delete(entry);
    this.clockReaders.delete(entry);
  }

  private clear(): void {
    this.scopes.clear();
    this.volatileValues.clear();
    this.collections.clear();
    this.lists.clear();
    this.dropped.clear();
    this.readersOf.clear();
    this.listingReaders.clear();
    this.clockReaders.clear();
  }
}

/** Whether two lists hold the same items (by identity) in the same order; never when either is absent. */
export function sameItems<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two values are equal: plain objects and arrays member by member, anything else by identity. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // Loops instead of Object.keys and every(): this runs over every entry at each keystroke, and allocating
  // nothing keeps the young generation's collections (a few ms each) further apart.
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let unmatched = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) continue;
    if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key])) return false;
    unmatched++;
  }
  for (const key in right) if (Object.hasOwn(right, key)) unmatched--;
  return unmatched === 0;
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
