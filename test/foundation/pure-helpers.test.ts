import { describe, expect, it } from 'vitest';
import { negotiateLanguage, errorBody } from '../../src/http/errors.ts';
import { MetricsRegistry } from '../../src/shared/metrics.ts';
import { hashToken, newToken } from '../../src/auth/tokens.ts';
import { parseCookies, isAllowedOrigin } from '../../src/realtime/socket-server.ts';

describe('negotiateLanguage', () => {
  it('defaults to Vietnamese', () => {
    expect(negotiateLanguage(undefined)).toBe('vi');
    expect(negotiateLanguage('fr-FR, de')).toBe('vi');
  });
  it('follows q-weights', () => {
    expect(negotiateLanguage('en-US,en;q=0.9,vi;q=0.8')).toBe('en');
    expect(negotiateLanguage('vi;q=0.5, en;q=0.9')).toBe('en');
    expect(negotiateLanguage('en;q=0, vi')).toBe('vi');
    expect(negotiateLanguage('fr, vi-VN;q=0.7, en;q=0.6')).toBe('vi');
  });
  it('gives the same code in both languages', () => {
    expect(errorBody('NOT_FOUND', 'vi').error.code).toBe(errorBody('NOT_FOUND', 'en').error.code);
    expect(errorBody('NOT_FOUND', 'vi').error.message).not.toBe(errorBody('NOT_FOUND', 'en').error.message);
  });
});

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in Prometheus text format', () => {
    const r = new MetricsRegistry();
    r.counter('a_total', 'A.').inc({ route: '/x', status: '200' }, 2);
    r.gauge('g', 'G.').set(3);
    const h = r.histogram('h_seconds', 'H.', [0.1, 1]);
    h.observe(0.05, { route: '/x' });
    h.observe(0.5, { route: '/x' });
    const text = r.render();
    expect(text).toContain('# TYPE a_total counter');
    expect(text).toContain('a_total{route="/x",status="200"} 2');
    expect(text).toContain('g 3');
    expect(text).toContain('h_seconds_bucket{le="0.1",route="/x"} 1');
    expect(text).toContain('h_seconds_bucket{le="1",route="/x"} 2');
    expect(text).toContain('h_seconds_bucket{le="+Inf",route="/x"} 2');
    expect(text).toContain('h_seconds_count{route="/x"} 2');
  });
  it('escapes label values', () => {
    const r = new MetricsRegistry();
    r.counter('c', 'C.').inc({ path: 'a"b\\c\nd' });
    expect(r.render()).toContain('c{path="a\\"b\\\\c\\nd"} 1');
  });
});

// LoginThrottle: test/security/login-throttle.test.ts

describe('tokens', () => {
  it('are random, prefixed, and hashed with the secret', () => {
    const a = newToken('civiq_');
    expect(a).toMatch(/^civiq_[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(newToken());
    expect(hashToken('s1', a)).toBe(hashToken('s1', a));
    expect(hashToken('s1', a)).not.toBe(hashToken('s2', a));
    expect(hashToken('s1', a)).not.toContain(a);
  });
});

describe('socket handshake helpers', () => {
  it('parses cookies and ignores malformed ones', () => {
    expect(parseCookies('a=1; civiq_session=abc%20d; bad=%E0%A4%A')).toEqual({ a: '1', civiq_session: 'abc d' });
    expect(parseCookies(undefined)).toEqual({});
  });
  it('allows same-host and PUBLIC_URL origins only', () => {
    expect(isAllowedOrigin(undefined, 'h:3000', undefined)).toBe(true);
    expect(isAllowedOrigin('http://h:3000', 'h:3000', undefined)).toBe(true);
    expect(isAllowedOrigin('https://thi.example.vn', 'internal:3000', 'https://thi.example.vn')).toBe(true);
    expect(isAllowedOrigin('https://evil.example', 'h:3000', 'https://thi.example.vn')).toBe(false);
  });
});
