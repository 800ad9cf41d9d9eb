/**
 * Sliding-window counters of events by key (failed joins by address, failed
 * resume codes…): `blocked` once `limit` events fall inside the window. Pure and
 * synchronous with an injectable clock: the in-memory `FailureCounter` is built
 * on it, and `AddressLimiter` (src/contests/address-limiter.ts) is this class.
 */
export class SlidingWindowCounter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  constructor(limit: number, windowMs = 60_000) {
    this.limit = limit;
    this.windowMs = windowMs;
  }
  blocked(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.limit;
  }
  record(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.set(key, list);
  }
  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.hits.delete(key);
    else this.hits.set(key, list);
    return list;
  }
}
