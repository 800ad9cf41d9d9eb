import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';

describe('parseConfig', () => {
  it('applies defaults on an empty environment', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data/pglite', LOG_LEVEL: 'info', ADMIN_EMAIL: 'admin@civiq.local' });
    expect(r.config.DATABASE_URL).toBeUndefined();
    expect(r.config.REDIS_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const r = parseConfig({ DATABASE_URL: '', PORT: ' ' });
    expect(r.ok && r.config.PORT).toBe(3000);
  });

  it('accepts a full production configuration', () => {
    const r = parseConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://civiq@db:5432/civiq',
      REDIS_URL: 'redis://cache:6379',
      PUBLIC_URL: 'https://thi.daklak.edu.vn',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: 'so@daklak.edu.vn',
      ADMIN_PASSWORD: 'a long enough password',
      SESSION_SECRET: 'x'.repeat(40),
    });
    expect(r.ok).toBe(true);
  });

  it('reports one line per bad variable, naming it and what is expected', () => {
    const r = parseConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', LOG_LEVEL: 'loud', PUBLIC_URL: 'ftp://x', ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'short', SESSION_SECRET: 'tiny' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(8);
    for (const key of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'PUBLIC_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SESSION_SECRET']) {
      expect(r.errors.some((e) => e.startsWith(`${key}=`))).toBe(true);
    }
    expect(r.errors.find((e) => e.startsWith('PORT='))).toContain('expected a port number');
  });

  it('never echoes secrets in errors', () => {
    const r = parseConfig({ ADMIN_PASSWORD: 'hunter2', SESSION_SECRET: 'short-secret' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join('\n')).not.toContain('hunter2');
    expect(r.errors.join('\n')).not.toContain('short-secret');
  });

  it('rejects a non-integer port', () => {
    const r = parseConfig({ PORT: '80.5' });
    expect(r.ok).toBe(false);
  });
});
