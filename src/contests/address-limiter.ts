/**
 * Failed joins per network address per minute. Generous, because a whole school
 * may share one NAT address and children mistype PINs; a scanner opening fresh
 * sockets or reloading /play still hits it long before it covers a meaningful part
 * of the 9 million PINs.
 */
export const MAX_FAILED_JOINS_PER_ADDRESS = 60;

/** Sliding one-minute counters of failed joins by address. */
export class AddressLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  constructor(limit: number, windowMs = 60_000) {
    this.limit = limit;
    this.windowMs = windowMs;
  }
  blocked(address: string, now = Date.now()): boolean {
    return this.recent(address, now).length >= this.limit;
  }
  record(address: string, now = Date.now()): void {
    const list = this.recent(address, now);
    list.push(now);
    this.hits.set(address, list);
  }
  private recent(address: string, now: number): number[] {
    const list = (this.hits.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.hits.delete(address);
    else this.hits.set(address, list);
    return list;
  }
}
