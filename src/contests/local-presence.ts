/**
 * Which live contests have sockets on this node: players (by id, with a count of
 * their sockets here), hosts and projector screens. On several nodes the cluster
 * watches the owners of exactly these contests, and tells a new owner which of
 * their players are connected here (cluster/cluster-gateway.ts).
 */
export class LocalPresence {
  private readonly byContest = new Map<string, { others: number; players: Map<string, number> }>();

  /** A socket for this contest arrived: a player's (with its id) or a host's or screen's. */
  arrived(contestId: string, playerId?: string): void {
    let entry = this.byContest.get(contestId);
    if (!entry) this.byContest.set(contestId, (entry = { others: 0, players: new Map() }));
    if (playerId === undefined) entry.others++;
    else entry.players.set(playerId, (entry.players.get(playerId) ?? 0) + 1);
  }

  left(contestId: string, playerId?: string): void {
    const entry = this.byContest.get(contestId);
    if (!entry) return;
    if (playerId === undefined) entry.others = Math.max(0, entry.others - 1);
    else {
      const n = (entry.players.get(playerId) ?? 0) - 1;
      if (n > 0) entry.players.set(playerId, n);
      else entry.players.delete(playerId);
    }
    if (entry.others === 0 && entry.players.size === 0) this.byContest.delete(contestId);
  }

  contests(): string[] {
    return [...this.byContest.keys()];
  }

  /** Players of this contest with at least one socket on this node. */
  players(contestId: string): string[] {
    return [...(this.byContest.get(contestId)?.players.keys() ?? [])];
  }
}
