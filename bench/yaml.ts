/**
 * A tiny block-style YAML writer for synthetic deal files, so they look like the curated seeds
 * (plain scalars where safe, flow lists for short lists) and the real YAML parser does the same
 * kind of work it does on real files. Strings that plain YAML would misread are double-quoted
 * (JSON string syntax is valid YAML double-quoted syntax).
 */

const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
// Plain scalars: start with a letter/digit/$/€/£ (not a YAML indicator), no ": ", " #", no
// leading/trailing space, nothing that looks like a number or boolean by accident.
const PLAIN_BLOCK = /^[\p{L}$€£¥][^\n"'`]*$/u;

export function scalar(value: string | number, inFlow = false): string {
  if (typeof value === 'number') return String(value);
  if (/^\d{4}-\d{2}(?:-\d{2})?$/.test(value)) return value; // dates, plain as in the seeds
  const needsQuotes =
    !PLAIN_BLOCK.test(value) ||
    RESERVED.test(value) ||
    value.includes(': ') ||
    value.includes(' #') ||
    value.endsWith(':') ||
    value !== value.trim() ||
    (inFlow && /[,[\]{}]/.test(value));
  return needsQuotes ? JSON.stringify(value) : value;
}

export function flowList(items: readonly (string | number)[]): string {
  return `[${items.map((i) => scalar(i, true)).join(', ')}]`;
}

export type YamlValue = string | number | YamlValue[] | { [key: string]: YamlValue | undefined };

/** Writes `obj` as block YAML. Arrays of scalars become flow lists; arrays of objects, block lists. */
export function toYaml(obj: { [key: string]: YamlValue | undefined }, indent = ''): string {
  let out = '';
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    out += writeEntry(key, value, indent);
  }
  return out;
}

function writeEntry(key: string, value: YamlValue, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return `${indent}${key}: ${flowList(value as (string | number)[])}\n`;
    }
    let out = `${indent}${key}:\n`;
    for (const item of value) {
      if (typeof item === 'object' && !Array.isArray(item)) {
        const body = toYaml(item, `${indent}    `);
        // First line of the item goes after "  - ".
        out += `${indent}  - ${body.slice(indent.length + 4)}`;
      } else {
        out += `${indent}  - ${scalar(item as string | number)}\n`;
      }
    }
    return out;
  }
  if (typeof value === 'object') {
    return `${indent}${key}:\n${toYaml(value, `${indent}  `)}`;
  }
  return `${indent}${key}: ${scalar(value)}\n`;
}
