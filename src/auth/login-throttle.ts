/**
 * Login throttling that stops guessing without locking a school out.
 *
 * A school's pupils and teachers often share one NAT address, and an attacker
 * can type anyone's email, so no single counter may lock people out:
 *
 * - **Per (account, address)** — tight: 5 free failures, then one attempt at a
 *   time after a delay that doubles (30 s … 15 min). Guessing one account from
 *   one place stops quickly; the owner at home is unaffected.
 * - **Per account**, any untrusted address — looser (20 free), against guesses
 *   spread over many addresses.
 * - **Per address** — never a lock: beyond 100 failures in 15 minutes, untrusted
 *   attempts from it are *slowed* to one every 2 s, so a flood from a school's
 *   address cannot shut the school out for minutes.
 * - **Trusted devices** (OWASP "device cookies"): a browser where the account
 *   signed in successfully before presents a signed cookie; its attempts count
 *   only against (account, device), so neither an attacker hammering the account
 *   nor a flood from the shared address locks the owner out.
 *
 * Attempts are **reserved before the password hash** and settled after it: the
 * reservation counts as a failure in flight, so 24 parallel guesses get 5 tries,
 * not 24. This class keeps the state in memory (one node, the default); with
 * Redis configured every node shares it through `RedisLoginThrottle`
 * (redis-login-throttle.ts), the same policy in one atomic script, behind the
 * same `LoginLimiter` port.
 */
export interface LoginThrottleOptions {
  pairFreeFailures: number;
  pairBaseDelaySec: number;
  pairMaxDelaySec: number;
  accountFreeFailures: number;
  accountBaseDelaySec: number;
  accountMaxDelaySec: number;
  addressFreeFailures: number;
  addressWindowSec: number;
  /** Beyond the free failures, one untrusted attempt from the address per this many seconds. */
  addressSlowIntervalSec: number;
}

export const DEFAULT_THROTTLE: LoginThrottleOptions = {
  pairFreeFailures: 5,
  pairBaseDelaySec: 30,
  pairMaxDelaySec: 15 * 60,
  accountFreeFailures: 20,
  accountBaseDelaySec: 60,
  accountMaxDelaySec: 30 * 60,
  addressFreeFailures: 100,
  addressWindowSec: 15 * 60,
  addressSlowIntervalSec: 2,
};

export interface LoginAttempt {
  account: string;
  address: string;
  /** The id from a valid device cookie for this account, if the browser sent one. */
  device?: string | undefined;
}

export type Reservation =
  | { allowed: true; settle(outcome: 'success' | 'failure'): void }
  | { allowed: false; retryAfterSec: number };

/** A reservation whose settling may go over the network (the shared throttle). */
export type PendingReservation =
  | { allowed: true; settle(outcome: 'success' | 'failure'): void | Promise<void> }
  | { allowed: false; retryAfterSec: number };

/**
 * The port the auth service reserves attempts through: `LoginThrottle` (in
 * memory, synchronous) or `RedisLoginThrottle` (shared by every node).
 */
export interface LoginLimiter {
  reserve(attempt: LoginAttempt): PendingReservation | Promise<PendingReservation>;
}

interface Counter {
  failures: number;
  inflight: number;
  blockedUntil: number;
  touchedAt: number;
}

interface Policy {
  free: number;
  baseSec: number;
  maxSec: number;
}

const MAX_ENTRIES = 100_000;

export class LoginThrottle implements LoginLimiter {
  private readonly counters = new Map<string, Counter>();
  private readonly addresses = new Map<string, { failures: number[]; nextSlowAt: number }>();
  private readonly opts: LoginThrottleOptions;
  private readonly now: () => number;
  constructor(opts: Partial<LoginThrottleOptions> = {}, now: () => number = Date.now) {
    this.opts = { ...DEFAULT_THROTTLE, ...opts };
    this.now = now;
  }

  /** Reserve an attempt before checking the password; settle it with the outcome. */
  reserve(attempt: LoginAttempt): Reservation {
    const now = this.now();
    this.sweep(now);
    const o = this.opts;
    const keys: Array<[string, Policy]> = attempt.device
      ? [[`d:${attempt.account}\n${attempt.device}`, { free: o.pairFreeFailures, baseSec: o.pairBaseDelaySec, maxSec: o.pairMaxDelaySec }]]
      : [
          [`p:${attempt.account}\n${attempt.address}`, { free: o.pairFreeFailures, baseSec: o.pairBaseDelaySec, maxSec: o.pairMaxDelaySec }],
          [`a:${attempt.account}`, { free: o.accountFreeFailures, baseSec: o.accountBaseDelaySec, maxSec: o.accountMaxDelaySec }],
        ];
    let wait = 0;
    for (const [key, policy] of keys) wait = Math.max(wait, this.waitFor(this.counters.get(key), policy, now));
    const addr = attempt.device ? null : this.address(attempt.address, now);
    const slowed = addr !== null && addr.failures.length >= o.addressFreeFailures;
    if (slowed && addr.nextSlowAt > now) wait = Math.max(wait, addr.nextSlowAt - now);
    if (wait > 0) return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(wait / 1000)) };

    if (slowed) addr.nextSlowAt = now + o.addressSlowIntervalSec * 1000;
    const held = keys.map(([key, policy]) => {
      const c = this.counters.get(key) ?? { failures: 0, inflight: 0, blockedUntil: 0, touchedAt: now };
      c.inflight += 1;
      c.touchedAt = now;
      this.counters.set(key, c);
      return { key, c, policy };
    });
    let settled = false;
    return {
      allowed: true,
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        const at = this.now();
        for (const { key, c, policy } of held) {
          c.inflight = Math.max(0, c.inflight - 1);
          c.touchedAt = at;
          if (outcome === 'success') {
            c.failures = 0;
            c.blockedUntil = 0;
          } else {
            c.failures += 1;
            const over = c.failures - policy.free;
            if (over >= 0) c.blockedUntil = at + Math.min(policy.maxSec, policy.baseSec * 2 ** over) * 1000;
          }
          if (c.failures === 0 && c.inflight === 0) this.counters.delete(key);
        }
        if (outcome === 'failure' && !attempt.device) {
          const a = this.address(attempt.address, at);
          a.failures.push(at);
          this.addresses.set(attempt.address, a);
        }
      },
    };
  }

  /**
   * Milliseconds until a counter admits another attempt. Within the free budget,
   * failures and attempts in flight count alike; past it, one attempt at a time
   * once the delay has passed.
   */
  private waitFor(c: Counter | undefined, policy: Policy, now: number): number {
    if (!c) return 0;
    if (c.blockedUntil > now) return c.blockedUntil - now;
    if (c.failures + c.inflight < policy.free) return 0;
    if (c.failures >= policy.free && c.inflight === 0) return 0;
    // The budget is taken by attempts still being checked: ask again in a moment.
    return 1000;
  }

  private address(address: string, now: number) {
    const a = this.addresses.get(address) ?? { failures: [], nextSlowAt: 0 };
    const cutoff = now - this.opts.addressWindowSec * 1000;
    if (a.failures.length > 0 && (a.failures[0] ?? now) <= cutoff) a.failures = a.failures.filter((t) => t > cutoff);
    if (a.failures.length === 0 && a.nextSlowAt <= now) this.addresses.delete(address);
    return a;
  }

  /** Bound memory: an attacker may type a million emails. Idle, unblocked entries go first. */
  private sweep(now: number): void {
    if (this.counters.size <= MAX_ENTRIES && this.addresses.size <= MAX_ENTRIES) return;
    for (const [k, c] of this.counters) if (c.inflight === 0 && c.blockedUntil <= now) this.counters.delete(k);
    for (const [k] of this.addresses) this.address(k, now);
  }
}
