/**
 * A table of words to values, for looking up words that people or a model typed. It has no
 * prototype: in a plain object literal, "constructor" or "toString" finds Object's own function,
 * which read as a deal type made `/deal astrazeneca constructor` match nothing, and read as a
 * weekday made `/deal digest subscribe weekly constructor 09:00` save a digest that never ran.
 */
export function wordTable<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
