import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/banks/question-schema.ts';
import type { HostSnapshot, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import { clusterTestsEnabled, startTestCluster } from '../support/cluster.ts';
import { FAST_SETTINGS, answerId, attachLiveServer, closeAll, connectLive, correctResponse, createContest, joinBots, okData, type LiveConn } from '../support/live-bots.ts';

/**
 * The shipped load-balancer set-up (deploy/nginx.conf, docs/deploy.md) in front of
 * three civiq nodes: the file is run by a real nginx with only the upstream
 * addresses, the port and its scratch paths replaced. Everyone — the admin over
 * HTTP, the host and the players over websocket-only socket.io — goes through the
 * one nginx port with plain round robin (no sticky sessions), and a contest is
 * played to the end with players on every node.
 *
 * Needs nginx (CI installs it: .ci/apt-packages), PostgreSQL and Redis.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const enabled = clusterTestsEnabled && Boolean(NGINX);
if (clusterTestsEnabled && !NGINX && process.env.CIVIQ_REQUIRE_NGINX) throw new Error('nginx is required here (CIVIQ_REQUIRE_NGINX): apt install nginx-light');
if (!enabled) console.info('nginx-cluster.test.ts: skipped — needs nginx (apt install nginx-light), TEST_DATABASE_URL and REDIS_URL');

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** deploy/nginx.conf with the nodes' loopback addresses, a free port and paths under `prefix`. */
export function localNginxConf(shipped: string, opts: { nodes: string[]; port: number; prefix: string }): string {
  let i = 0;
  const conf = shipped
    .replace(/server civiq-\d+:3000/g, () => `server ${opts.nodes[i++]!.replace(/^https?:\/\//, '')}`)
    .replace(/listen 8080;/, `listen 127.0.0.1:${opts.port};`)
    .replace(/worker_processes auto;/, 'worker_processes 1;')
    .replace(/events \{ worker_connections \d+; \}/, 'events { worker_connections 1024; }')
    .replace(
      /http \{/,
      `pid ${opts.prefix}/nginx.pid;\nerror_log ${opts.prefix}/error.log warn;\nhttp {\n  access_log off;\n` +
        ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${opts.prefix}/${t};`).join('\n'),
    );
  if (i !== opts.nodes.length) throw new Error(`deploy/nginx.conf names ${i} nodes, the test runs ${opts.nodes.length}`);
  return conf;
}

describe.runIf(enabled)('deploy/nginx.conf in front of three nodes', () => {
  it('round robin without sticky sessions: HTTP and websocket-only sockets through one port, a contest played to the end with players on every node', async () => {
    const cluster = await startTestCluster(3);
    cleanups.push(() => cluster.cleanup());
    const prefix = await mkdtemp(path.join(tmpdir(), 'civiq-nginx-'));
    cleanups.push(() => rm(prefix, { recursive: true, force: true }));
    await mkdir(prefix, { recursive: true });
    const port = await freePort();
    const conf = localNginxConf(await readFile(path.resolve(import.meta.dirname, '../../deploy/nginx.conf'), 'utf8'), { nodes: cluster.nodes.map((n) => n.url), port, prefix });
    const confPath = path.join(prefix, 'nginx.conf');
    await writeFile(confPath, conf);
    const check = spawnSync(NGINX!, ['-t', '-p', prefix, '-c', confPath], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const nginx: ChildProcess = spawn(NGINX!, ['-p', prefix, '-c', confPath, '-g', 'daemon off;'], { stdio: 'ignore' });
    cleanups.push(async () => {
      nginx.kill('SIGQUIT');
      await new Promise((r) => (nginx.exitCode === null ? nginx.once('exit', r) : r(null)));
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    // Everything through nginx: sign-in, the bank, the contest.
    const srv = await attachLiveServer({ ...cluster.nodes[0]!, url });
    const ids = ['pw-001', 'pw-002'];
    const question = (id: string): Question => srv.bank.byId.get(id)!;
    const contest = await createContest(url, srv.admin, { title: 'Qua nginx', bank: srv.bank.slug, version: srv.bank.version, questionIds: ids, settings: { ...FAST_SETTINGS, timeLimitSec: 60 } });
    const districts = contest.screenUrls.slice(0, 3).map((s) => s.district);
    const conns: LiveConn[] = [];
    cleanups.push(async () => closeAll(conns));
    const host = await connectLive(url, { token: srv.admin.token });
    conns.push(host);
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    const bots = await joinBots(url, contest.pin, districts, 9);
    conns.push(...bots.map((b) => b.conn));

    // Round robin spread the sockets: every node holds some of them (its own /metrics, loopback).
    const perNode = await Promise.all(
      cluster.nodes.map(async (n) => {
        const text = await (await fetch(`${n.url}/metrics`)).text();
        return Number(/civiq_socket_connections\{namespace="\/live"\} (\d+)/.exec(text)?.[1] ?? 0);
      }),
    );
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(10);
    expect(perNode.every((k) => k >= 1)).toBe(true);

    expect(okData(await host.request('contest:start', {}))).toEqual({ phase: 'question' });
    for (const [index, id] of ids.entries()) {
      await Promise.all(
        bots.map(async (b) => {
          const show = await b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === index, { timeoutMs: 20_000 });
          okData(await b.conn.request('answer:submit', { questionIndex: index, answerId: answerId(), response: correctResponse(question(id), show.question) }));
        }),
      );
      const reveals = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === index, { timeoutMs: 20_000 })));
      expect(reveals.every((r) => r.me?.correct === true)).toBe(true);
      expect(reveals[0]!.distribution).toMatchObject({ right: 9 });
      if (index < ids.length - 1) expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'question' });
    }
    okData(await host.request('contest:end', {}));
    await Promise.all(bots.map((b) => b.conn.waitFor('contest:ended', () => true, { timeoutMs: 20_000 })));
  }, 180_000);
});
