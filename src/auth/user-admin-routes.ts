import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { authRequired, requireUser } from '../http/app-env.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../http/openapi-common.ts';
import type { UserAdmin } from './user-admin.ts';

/** Account administration for admins: list, change, disable, reset a password. */
const ADMIN = ['admin'] as const;
const RoleSchema = z.enum(['admin', 'teacher', 'official']);
const AccountOut = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    regionCode: z.string().nullable(),
    organiser: z.boolean(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Account');
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const AccountPatch = z
  .object({
    displayName: z.string().max(200),
    role: RoleSchema,
    regionCode: z.string().max(64).nullable(),
    organiser: z.boolean().openapi({ description: 'May organise scheduled contests for their region' }),
    disabled: z.boolean().openapi({ description: 'true signs the account out everywhere and refuses its sign-ins and tokens' }),
  })
  .partial()
  .strict()
  .openapi('AccountPatch');

export function registerUserAdminRoutes(app: OpenAPIHono<AppEnv>, users: UserAdmin): void {
  const tags = ['auth'];
  app.use('/api/users/*', authRequired(ADMIN));

  app.openapi(
    createRoute({
      method: 'get', path: '/api/users', tags, security: signedIn, summary: 'Accounts, newest first (admins only); q matches email or name without diacritics',
      request: { query: z.object({ q: z.string().max(200).optional(), role: RoleSchema.optional() }) },
      responses: { 200: jsonContent(z.object({ users: z.array(AccountOut) }), 'Accounts'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      requireUser(c, ADMIN);
      return c.json({ users: await users.list(c.req.valid('query')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/api/users/{id}', tags, security: signedIn, summary: 'Change an account: name, role, region, organiser right, disabled (admins only; not your own role or lock)',
      request: { params: IdParam, body: jsonBody(AccountPatch) },
      responses: { 200: jsonContent(AccountOut, 'The account'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 409: jsonContent(z.any(), 'CANNOT_CHANGE_SELF'), 422: errorResponses[422] },
    }),
    async (c) => c.json(await users.update(requireUser(c, ADMIN), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/users/{id}/password', tags, security: signedIn,
      summary: 'Reset a password (admins only): the given one, or a generated one returned once; the account is signed out everywhere',
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: z.object({ password: z.string().min(12).max(256).optional() }).openapi('PasswordReset') } } } },
      responses: { 200: jsonContent(z.object({ password: z.string().optional() }), 'Reset; password is present when it was generated'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      requireUser(c, ADMIN);
      return c.json(await users.resetPassword(c.req.valid('param').id, c.req.valid('json')?.password), 200);
    },
  );
}
