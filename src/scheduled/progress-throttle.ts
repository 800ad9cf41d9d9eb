/**
 * At most one progress push per contest per interval (pure; the caller passes the
 * clock). Activity marks a contest dirty; `due` hands back the dirty contests whose
 * last push is at least `intervalMs` old and records the push.
 */
export class ProgressThrottle {
  private readonly dirty = new Set<string>();
  private readonly lastPush = new Map<string, number>();
  private readonly intervalMs: number;
  constructor(intervalMs = 1000) {
    this.intervalMs = intervalMs;
  }

  mark(contestId: string): void {
    this.dirty.add(contestId);
  }

  due(now: number): string[] {
    const out: string[] = [];
    for (const id of this.dirty) {
      const last = this.lastPush.get(id);
      if (last !== undefined && now - last < this.intervalMs) continue;
      out.push(id);
      this.dirty.delete(id);
      this.lastPush.set(id, now);
    }
    return out;
  }

  /** Forget contests nobody watches (keeps the maps small). */
  forget(contestId: string): void {
    this.dirty.delete(contestId);
    this.lastPush.delete(contestId);
  }
}
