import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The floor of `npm run bench:http`: a bare Hono app on @hono/node-server returning a fixed JSON body of BODY_BYTES. */
const body = process.env.BODY_JSON ?? JSON.stringify({ ok: true });
const app = new Hono();
app.get('/json', (c) => c.body(body, 200, { 'Content-Type': 'application/json' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${info.port}` }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
