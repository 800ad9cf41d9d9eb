import { z } from '@hono/zod-openapi';
import type { AppContext } from '../../http/app-env.ts';
import type { Language } from '../../shared/localized.ts';
import { csvDocument as toCsv } from '../../shared/csv.ts';

export const ContestParams = z.object({
  kind: z.enum(['live', 'scheduled']).openapi({ param: { name: 'kind', in: 'path' }, description: 'live (id = the live contest id) or scheduled (id = its slug)' }),
  id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }),
});
export const SeriesParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const FormatQuery = {
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.enum(['vi', 'en']).optional().openapi({ description: 'Language of names and labels (default: Accept-Language, else Vietnamese)' }),
};

export const langOf = (c: AppContext, q: { lang?: Language | undefined }): Language => q.lang ?? c.get('lang');

/** `{items}` as JSON, or as CSV (UTF-8 with BOM, formula-neutralised) with the item fields as columns. */
export function respondItems(c: AppContext, format: 'json' | 'csv', name: string, items: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]) {
  if (format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="civiq-report-${name.replace(/[^a-z0-9-]/gi, '-')}.csv"`);
    return c.body(toCsv([columns, ...items.map((i) => columns.map((k) => i[k] ?? null))])) as never;
  }
  return c.json({ items }, 200) as never;
}
