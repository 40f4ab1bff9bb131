/** `text` as a regular expression that matches it literally: "C++ (US)" → "C\+\+ \(US\)". */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A pattern for any of `names` as a whole word (no letter or digit either side), longest first so
 * that "AstraZeneca PLC" wins over "AstraZeneca". Used with the `u` flag.
 */
export function wholeWordsPattern(names: readonly string[]): string {
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`;
}
