/**
 * A pure function of a string, remembered: each distinct input is worked out once. Bounded: past `limit`
 * inputs (texts typed one character at a time are all distinct) the oldest is forgotten first.
 * The values are shared between callers and must not be changed.
 */
export function rememberedBy<T>(limit: number, compute: (input: string) => T): (input: string) => T {
  const known = new Map<string, T>();
  return (input) => {
    if (known.has(input)) return known.get(input)!;
    const value = compute(input);
    if (known.size >= limit) known.delete(known.keys().next().value!);
    known.set(input, value);
    return value;
  };
}
