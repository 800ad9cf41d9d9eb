import type { LiveSettings } from './settings.ts';

/**
 * The lobby's flood lock: a token bucket of joins per contest. A real hall joins
 * in waves (a class scans the QR code together), a flood is a steady stream far
 * beyond the hall's size. The bucket follows the contest's expected size
 * (`expectedPlayers`, else `maxPlayers`): small contests keep the old 100/s with
 * a burst of 200; a 25,000-player final admits 834 joins a second (burst 834), its whole field in
 * about 30 seconds, while a single flooder far beyond that still locks it.
 * Only joins that are accepted take a token, so a player retrying a taken or
 * invalid nickname never pushes the lobby into its lock.
 */

/** Seconds in which the expected field should be able to join. */
const FIELD_JOIN_SECONDS = 30;
const MIN_RATE_PER_SEC = 100;
const MIN_BURST = 200;

export interface JoinBucket {
  joinTokens: number;
  joinRefillAt: number;
}

export function joinLimits(settings: Pick<LiveSettings, 'maxPlayers' | 'expectedPlayers'>): { ratePerSec: number; burst: number } {
  const expected = settings.expectedPlayers ?? settings.maxPlayers;
  const ratePerSec = Math.max(MIN_RATE_PER_SEC, Math.ceil(expected / FIELD_JOIN_SECONDS));
  return { ratePerSec, burst: Math.max(MIN_BURST, ratePerSec) };
}

/** Refill, then whether a join may proceed (a token is there). Does not take it: see `takeJoinToken`. */
export function joinAllowed(bucket: JoinBucket, settings: Pick<LiveSettings, 'maxPlayers' | 'expectedPlayers'>, now: number): boolean {
  const { ratePerSec, burst } = joinLimits(settings);
  bucket.joinTokens = Math.min(burst, bucket.joinTokens + (Math.max(0, now - bucket.joinRefillAt) / 1000) * ratePerSec);
  bucket.joinRefillAt = now;
  return bucket.joinTokens >= 1;
}

/** An accepted join takes its token. */
export function takeJoinToken(bucket: JoinBucket): void {
  bucket.joinTokens = Math.max(0, bucket.joinTokens - 1);
}
