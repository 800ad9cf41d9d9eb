import type { AppContext } from '../http/app-env.ts';
import { csvDocument } from '../shared/csv.ts';

/** Rankings and audit rows as CSV (the project's one writer: BOM for Excel, formulas neutralised); dates as ISO 8601. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return csvDocument(rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v))));
}

export function csvResponse(c: AppContext, body: string, filename: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(body) as never;
}
