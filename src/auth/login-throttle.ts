/**
 * Login throttling that stops guessing without locking a school out.
 *
 * A school's pupils and teachers often share one NAT address, so the address
 * limit is generous (it only stops spraying from one machine); the per-account
 * limit is tight and grows exponentially. A successful login clears the
 * account's failures. State is in memory per process: a multi-node deployment
 * moves it to Redis behind the same interface.
 */
export interface ThrottleDecision {
  allowed: boolean;
  retryAfterSec: number;
}

export interface LoginThrottleOptions {
  accountFreeFailures: number;
  accountBaseDelaySec: number;
  accountMaxDelaySec: number;
  addressFailuresPerWindow: number;
  addressWindowSec: number;
}

export const DEFAULT_THROTTLE: LoginThrottleOptions = {
  accountFreeFailures: 5,
  accountBaseDelaySec: 30,
  accountMaxDelaySec: 15 * 60,
  addressFailuresPerWindow: 200,
  addressWindowSec: 15 * 60,
};

interface AccountState {
  failures: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();
  private readonly addresses = new Map<string, number[]>();
  private readonly opts: LoginThrottleOptions;
  private readonly now: () => number;
  constructor(opts: Partial<LoginThrottleOptions> = {}, now: () => number = Date.now) {
    this.opts = { ...DEFAULT_THROTTLE, ...opts };
    this.now = now;
  }

  check(account: string, address: string): ThrottleDecision {
    const now = this.now();
    const acc = this.accounts.get(account);
    if (acc && acc.blockedUntil > now) return { allowed: false, retryAfterSec: Math.ceil((acc.blockedUntil - now) / 1000) };
    const recent = this.recentAddressFailures(address, now);
    if (recent.length >= this.opts.addressFailuresPerWindow) {
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((oldest + this.opts.addressWindowSec * 1000 - now) / 1000)) };
    }
    return { allowed: true, retryAfterSec: 0 };
  }

  recordFailure(account: string, address: string): void {
    const now = this.now();
    const acc = this.accounts.get(account) ?? { failures: 0, blockedUntil: 0 };
    acc.failures += 1;
    const over = acc.failures - this.opts.accountFreeFailures;
    if (over >= 0) {
      acc.blockedUntil = now + Math.min(this.opts.accountMaxDelaySec, this.opts.accountBaseDelaySec * 2 ** over) * 1000;
    }
    this.accounts.set(account, acc);
    const recent = this.recentAddressFailures(address, now);
    recent.push(now);
    this.addresses.set(address, recent);
  }

  recordSuccess(account: string): void {
    this.accounts.delete(account);
  }

  private recentAddressFailures(address: string, now: number): number[] {
    const cutoff = now - this.opts.addressWindowSec * 1000;
    const list = (this.addresses.get(address) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.addresses.delete(address);
    else this.addresses.set(address, list);
    return list;
  }
}
