import { z } from 'zod';
import { parseImageHosts } from './banks/image-policy.ts';
import { parseTrustedProxies } from './http/client-address.ts';

/**
 * All configuration comes from the environment and is validated here, once.
 * A bad value stops start-up with exit code 2 and one line per variable.
 */
const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const url = (protocols: string[], what: string) =>
  z
    .string()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `expected ${what}`);

export const ConfigSchema = z.object({
  PORT: z.coerce.number({ error: 'expected a port number 0-65535' }).int('expected a port number 0-65535').min(0, 'expected a port number 0-65535').max(65535, 'expected a port number 0-65535').default(3000),
  HOST: z.string().min(1, 'expected a host name or address').default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'a postgres:// or postgresql:// URL').optional(),
  DATA_DIR: z.string().min(1, 'expected a directory path').default('./data/pglite'),
  REDIS_URL: url(['redis:', 'rediss:'], 'a redis:// or rediss:// URL').optional(),
  /** Several deployments on one Redis: the prefix of every key and channel (several nodes). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'expected 1-40 letters, digits, dots, dashes or underscores').default('civiq'),
  /** This node's name in contest leases and logs (several nodes); default: host name, process id and a random part. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'expected 1-80 letters, digits, dots, dashes or underscores').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  PUBLIC_URL: url(['http:', 'https:'], 'an http:// or https:// URL such as https://quiz.example.edu.vn').optional(),
  ADMIN_EMAIL: z.email({ error: 'expected an email address' }).default('admin@civiq.local'),
  ADMIN_PASSWORD: z.string().min(12, 'expected at least 12 characters').max(256, 'expected at most 256 characters').optional(),
  IMAGE_DIR: z.string().min(1, 'expected a directory path').optional(),
  SESSION_SECRET: z.string().min(32, 'expected at least 32 characters (generate one with: openssl rand -base64 48)').optional(),
  /** Extra hosts question images may come from (comma-separated host names); by default only uploads. */
  IMAGE_HOSTS: z.string().refine((v) => parseImageHosts(v).ok, 'expected host names separated by commas, e.g. cdn.example.edu.vn,img.sgd.gov.vn').optional(),
  /** Bearer token that opens GET /metrics; without it /metrics answers only loopback callers. */
  METRICS_TOKEN: z.string().min(24, 'expected at least 24 characters (generate one with: openssl rand -base64 32)').optional(),
  /** Reverse proxies whose X-Forwarded-For is believed: IPs or CIDRs separated by commas, or "loopback". */
  TRUST_PROXY: z.string().refine((v) => parseTrustedProxies(v).ok, 'expected IP addresses or CIDR ranges separated by commas (or "loopback")').optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Empty strings count as unset, as shells and .env files often leave them. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') input[key] = v.trim();
  }
  const parsed = ConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors = parsed.error.issues.map((i) => {
    const key = String(i.path[0] ?? '?');
    const shown = key === 'ADMIN_PASSWORD' || key === 'SESSION_SECRET' || key === 'METRICS_TOKEN' ? '(hidden)' : JSON.stringify(input[key]);
    return `${key}=${shown}: ${i.message}`;
  });
  return { ok: false, errors };
}
