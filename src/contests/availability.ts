import type { LiveState } from './live-state.ts';

/**
 * Whether a new player could join now. Every PIN look-up (join, nickname
 * suggestions, the /play page) answers "unavailable" unless this holds, so an
 * unknown, locked, full, late-closed or ended contest all look the same to a
 * PIN scanner.
 */
export function isJoinable(state: Pick<LiveState, 'phase' | 'locked' | 'players' | 'index' | 'settings'>): boolean {
  if (state.phase === 'ended' || state.locked) return false;
  if (state.players.size >= state.settings.maxPlayers) return false;
  return state.phase === 'lobby' || state.index < state.settings.lateJoinUntil;
}
