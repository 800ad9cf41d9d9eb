/**
 * Cloudflare Workers entry (placeholder). The Workers issue completes it: the same
 * `createApp(deps)` with a per-request PostgreSQL client over a Hyperdrive binding.
 * Live contests (socket.io) stay on Node.
 */
export default {
  async fetch(): Promise<Response> {
    return new Response(
      JSON.stringify({ error: { code: 'NOT_IMPLEMENTED', message: 'The Workers build of civiq is not available yet; run the Node server.' } }),
      { status: 501, headers: { 'Content-Type': 'application/json' } },
    );
  },
};
