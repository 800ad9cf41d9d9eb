import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { authRequired, requireUser } from '../http/app-env.ts';
import { ApiError } from '../http/errors.ts';
import { errorResponses, jsonBody, jsonContent, signedIn } from '../http/openapi-common.ts';
import type { JoinAddresses } from './join-address.ts';

const HOSTS = ['admin', 'teacher'] as const;

const JoinAddressesSchema = z
  .object({
    current: z.string().nullable().openapi({ example: 'http://192.168.1.23:3000' }),
    addresses: z.array(z.object({ url: z.string(), source: z.string().openapi({ description: 'Network interface, PUBLIC_URL, HOST or localhost', example: 'wlan0' }) })),
  })
  .openapi('JoinAddresses');

const ChooseSchema = z.object({ url: z.string().min(1).max(200) }).openapi('JoinAddressChoice');

/**
 * The addresses phones can join at (src/net/join-address.ts), and the host's
 * choice among them when the laptop has several networks.
 */
export function registerJoinAddressRoutes(app: OpenAPIHono<AppEnv>, addresses: JoinAddresses): void {
  const tags = ['live contests'];
  app.use('/api/join-addresses', authRequired(HOSTS));
  app.use('/api/join-addresses/*', authRequired(HOSTS));
  const view = () => ({ current: addresses.current() ?? null, addresses: addresses.list() });

  app.openapi(
    createRoute({
      method: 'get', path: '/api/join-addresses', tags, security: signedIn,
      summary: 'Where phones join: this server\'s reachable addresses and the one in use',
      description: 'PUBLIC_URL when set; otherwise, when the server listens on all interfaces, its network addresses (best first) and localhost last.',
      responses: { 200: jsonContent(JoinAddressesSchema, 'Addresses'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    (c) => {
      requireUser(c, HOSTS);
      return c.json(view(), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/api/join-addresses/current', tags, security: signedIn,
      summary: 'Use another of the listed addresses for join links and QR codes',
      request: { body: jsonBody(ChooseSchema) },
      responses: { 200: jsonContent(JoinAddressesSchema, 'Chosen'), 401: errorResponses[401], 403: errorResponses[403], 422: errorResponses[422] },
    }),
    (c) => {
      requireUser(c, HOSTS);
      if (!addresses.choose(c.req.valid('json').url)) throw new ApiError(422, 'JOIN_ADDRESS_UNKNOWN', { details: { addresses: addresses.list().map((a) => a.url) } });
      return c.json(view(), 200);
    },
  );
}
