/** Every remembered function's values, so that they can all be forgotten at once. */
const remembered: Map<string, unknown>[] = [];

/**
 * A pure function of a string, remembered: each distinct input is worked out once. Bounded: past `limit`
 * inputs (texts typed one character at a time are all distinct) the oldest is forgotten first.
 * The values are shared between callers and must not be changed.
 */
export function rememberedBy<T>(limit: number, compute: (input: string) => T): (input: string) => T {
  const known = new Map<string, T>();
  remembered.push(known);
  return (input) => {
    if (known.has(input)) return known.get(input)!;
    const value = compute(input);
    if (known.size >= limit) known.delete(known.keys().next().value!);
    known.set(input, value);
    return value;
  };
}

/** Forgets every remembered value: a benchmark's cold run then starts from nothing, as a new process does. */
export function forgetRemembered(): void {
  for (const known of remembered) known.clear();
}
