import { z } from '@hono/zod-openapi';
import type { AppContext } from '../../http/app-env.ts';

export const tags = ['scheduled contests'];
export const Slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/);
export const SlugParam = z.object({ slug: Slug.openapi({ param: { name: 'slug', in: 'path' }, example: 'an-toan-mang-2026' }) });
export const AttemptParam = z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' } }) });
export const AnswerParam = AttemptParam.extend({ questionId: z.string().max(64).openapi({ param: { name: 'questionId', in: 'path' } }) });
/** The participant token travels as `Authorization: Bearer civiqp_…`. */
export const participantAuth: Array<Record<string, string[]>> = [{ bearer: [] }];
export const Loose = (name: string) => z.looseObject({}).openapi(name);

export function bearerToken(c: AppContext): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
  return m?.[1] ?? null;
}

export function csvResponse(c: AppContext, body: string, filename: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(body) as never;
}
