import { csvDocument } from '../shared/csv.ts';

/** CSV with a BOM so Excel opens Vietnamese text correctly; formulas neutralised by the one shared writer (src/shared/csv.ts). */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return csvDocument(rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v))));
}
