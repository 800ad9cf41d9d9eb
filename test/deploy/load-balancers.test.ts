import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/banks/question-schema.ts';
import type { HostSnapshot, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import { clusterTestsEnabled, startTestCluster, type TestCluster } from '../support/cluster.ts';
import { FAST_SETTINGS, answerId, attachLiveServer, closeAll, connectLive, correctResponse, createContest, joinBots, okData, type LiveConn } from '../support/live-bots.ts';

/**
 * The shipped load-balancer set-ups (deploy/nginx.conf and deploy/haproxy.cfg,
 * docs/deploy.md) in front of three civiq nodes: each file is run by the real
 * program with only the upstream addresses, the port and its scratch paths
 * replaced. Everyone — the admin over HTTP, the host and the players over
 * websocket-only socket.io — goes through the one port with plain round robin (no
 * sticky sessions), and a contest is played to the end with players on every node.
 *
 * Needs nginx and HAProxy (CI installs them: .ci/apt-packages), PostgreSQL and Redis.
 */
const find = (...paths: string[]) => paths.find((p) => existsSync(p));
const NGINX = find('/usr/sbin/nginx', '/usr/bin/nginx');
const HAPROXY = find('/usr/sbin/haproxy', '/usr/bin/haproxy');
if (clusterTestsEnabled && (!NGINX || !HAPROXY) && process.env.CIVIQ_REQUIRE_LOAD_BALANCERS) throw new Error('nginx and HAProxy are required here (CIVIQ_REQUIRE_LOAD_BALANCERS): apt install nginx-light haproxy');
if (!clusterTestsEnabled || !NGINX || !HAPROXY) console.info('load-balancers.test.ts: skipped where missing — needs TEST_DATABASE_URL and REDIS_URL, and nginx / HAProxy (apt install nginx-light haproxy)');

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

const hostPort = (url: string) => url.replace(/^https?:\/\//, '');

/** deploy/nginx.conf with the nodes' loopback addresses, a free port and paths under `prefix`. */
function localNginxConf(shipped: string, opts: { nodes: string[]; port: number; prefix: string }): string {
  let i = 0;
  const conf = shipped
    .replace(/server civiq-\d+:3000/g, () => `server ${hostPort(opts.nodes[i++]!)}`)
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

/** deploy/haproxy.cfg with the nodes' loopback addresses and a free port. */
function localHaproxyCfg(shipped: string, opts: { nodes: string[]; port: number }): string {
  let i = 0;
  const cfg = shipped
    .replace(/server (civiq-\d+) civiq-\d+:3000/g, (_m, name: string) => `server ${name} ${hostPort(opts.nodes[i++]!)}`)
    .replace(/bind :8080/, `bind 127.0.0.1:${opts.port}`)
    .replace(/maxconn 60000/, 'maxconn 1000');
  if (i !== opts.nodes.length) throw new Error(`deploy/haproxy.cfg names ${i} nodes, the test runs ${opts.nodes.length}`);
  return cfg;
}

interface Balancer {
  name: string;
  binary: string | undefined;
  /** Write the config under `prefix`, check it, start the program in the foreground. */
  start(nodes: string[], port: number, prefix: string): Promise<ChildProcess>;
}

const deployFile = (name: string) => readFile(path.resolve(import.meta.dirname, '../../deploy', name), 'utf8');
const balancers: Balancer[] = [
  {
    name: 'nginx',
    binary: NGINX,
    async start(nodes, port, prefix) {
      const confPath = path.join(prefix, 'nginx.conf');
      await writeFile(confPath, localNginxConf(await deployFile('nginx.conf'), { nodes, port, prefix }));
      const check = spawnSync(NGINX!, ['-t', '-p', prefix, '-c', confPath], { encoding: 'utf8' });
      if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
      return spawn(NGINX!, ['-p', prefix, '-c', confPath, '-g', 'daemon off;'], { stdio: 'ignore' });
    },
  },
  {
    name: 'HAProxy',
    binary: HAPROXY,
    async start(nodes, port, prefix) {
      const cfgPath = path.join(prefix, 'haproxy.cfg');
      await writeFile(cfgPath, localHaproxyCfg(await deployFile('haproxy.cfg'), { nodes, port }));
      const check = spawnSync(HAPROXY!, ['-c', '-f', cfgPath], { encoding: 'utf8' });
      if (check.status !== 0) throw new Error(`haproxy -c: ${check.stderr}${check.stdout}`);
      return spawn(HAPROXY!, ['-db', '-f', cfgPath], { stdio: 'ignore' });
    },
  },
];

describe.runIf(clusterTestsEnabled && (NGINX || HAPROXY))('the shipped load balancers in front of three nodes', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster(3);
    cleanups.push(() => cluster.cleanup());
  }, 120_000);

  for (const lb of balancers) {
    it.runIf(lb.binary)(`${lb.name}: round robin without sticky sessions — HTTP and websocket-only sockets through one port, a contest played to the end with players on every node`, async () => {
      const prefix = await mkdtemp(path.join(tmpdir(), `civiq-${lb.name.toLowerCase()}-`));
      cleanups.push(() => rm(prefix, { recursive: true, force: true }));
      const port = await freePort();
      const proc = await lb.start(cluster.nodes.map((n) => n.url), port, prefix);
      const stopped = new Promise((r) => proc.once('exit', r));
      cleanups.push(async () => {
        if (proc.exitCode === null) proc.kill('SIGTERM');
        await stopped;
      });
      const url = `http://127.0.0.1:${port}`;
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up, `${lb.name} forwards /readyz`).toBe(true);
      // The previous balancer's sockets are gone before this one counts its own.
      for (let i = 0; i < 100 && (await socketsPerNode(cluster)).some((n) => n > 0); i++) await new Promise((r) => setTimeout(r, 100));

      // Everything through the balancer: sign-in, the bank, the contest.
      const srv = await attachLiveServer({ ...cluster.nodes[0]!, url });
      const ids = ['pw-001', 'pw-002'];
      const question = (id: string): Question => srv.bank.byId.get(id)!;
      const contest = await createContest(url, srv.admin, { title: `Qua ${lb.name}`, bank: srv.bank.slug, version: srv.bank.version, questionIds: ids, settings: { ...FAST_SETTINGS, timeLimitSec: 60 } });
      const districts = contest.screenUrls.slice(0, 3).map((s) => s.district);
      const conns: LiveConn[] = [];
      try {
        const host = await connectLive(url, { token: srv.admin.token });
        conns.push(host);
        okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
        const bots = await joinBots(url, contest.pin, districts, 9);
        conns.push(...bots.map((b) => b.conn));

        // Round robin spread the sockets: every node holds some of them (its own /metrics, loopback).
        const added = await socketsPerNode(cluster);
        expect(added.reduce((a, b) => a + b, 0)).toBe(10);
        expect(added.every((k) => k >= 1), `sockets added per node: ${added.join(", ")}`).toBe(true);

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
      } finally {
        closeAll(conns);
      }
    }, 120_000);
  }
});

/** Each node's open /live sockets, from its own /metrics (loopback callers need no token). */
async function socketsPerNode(cluster: TestCluster): Promise<number[]> {
  return Promise.all(
    cluster.nodes.map(async (n) => {
      const text = await (await fetch(`${n.url}/metrics`)).text();
      return Number(/civiq_socket_connections\{namespace="\/live"\} (\d+)/.exec(text)?.[1] ?? 0);
    }),
  );
}
