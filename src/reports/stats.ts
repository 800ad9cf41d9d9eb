/** Small statistics helpers for reports (pure). */

/**
 * Wilson score interval for a proportion (95 % by default): stays inside [0, 1] and is
 * sensible for small n, unlike the normal approximation. Null without observations.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Round to `digits` decimals; null stays null. */
export function round(v: number | null | undefined, digits = 1): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** a / b, or null when b is 0 or missing. */
export function ratio(a: number, b: number | null | undefined): number | null {
  return b ? a / b : null;
}
