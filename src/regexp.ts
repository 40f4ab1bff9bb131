/** `text` as a regular expression that matches it literally: "C++ (US)" → "C\+\+ \(US\)". */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
