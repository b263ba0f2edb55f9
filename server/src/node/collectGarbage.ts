import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * A full, compacting collection, now. The language server asks for one after the first check of a
 * workspace has dropped what only that check needed (every file's text and parse): without it the process
 * keeps the peak's memory until allocations trigger the next full collection (which an idle editor may
 * never do), and a full collection that does not compact leaves the old generation's pages as fragmented
 * as the peak left them, a third of them free and still resident.
 */
export function collectGarbage(): void {
  collect ??= exposedGc();
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

let collect: (() => void) | undefined;

function exposedGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  // The flag makes V8 install `gc` in contexts created after it is set.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
