/**
 * Small-cell suppression for cross-unit views (docs/reports.md, "Privacy").
 *
 * Primary: a cell describing 1–4 participants is suppressed. Complementary: within a
 * group whose total is published (districts of a province, schools of a district, the
 * districts in one competence column), suppressed cells must be at least two and
 * describe at least `min` participants together; otherwise the next smallest cells are
 * suppressed too, so no suppressed figure can be got back by subtracting the shown cells
 * from the total. A cell describing nobody (0) reveals no child and is shown.
 */
export const MIN_CELL = 5;

export function suppressionMask(counts: readonly number[], min = MIN_CELL): boolean[] {
  const mask = counts.map((n) => n > 0 && n < min);
  const suppressed = () => counts.filter((_, i) => mask[i]);
  const needsMore = () => {
    const s = suppressed();
    if (s.length === 0) return false;
    return s.length === 1 || s.reduce((a, b) => a + b, 0) < min;
  };
  while (needsMore()) {
    let pick = -1;
    for (let i = 0; i < counts.length; i++) {
      if (mask[i] || counts[i]! <= 0) continue;
      if (pick < 0 || counts[i]! < counts[pick]!) pick = i;
    }
    if (pick < 0) break;
    mask[pick] = true;
  }
  return mask;
}

/** Apply a mask: a suppressed row keeps its labels, says `suppressed: true` and nulls every figure listed. */
export function applySuppression<T extends Record<string, unknown>, K extends keyof T>(rows: readonly T[], counts: readonly number[], figures: readonly K[], min = MIN_CELL): Array<T & { suppressed: boolean }> {
  const mask = suppressionMask(counts, min);
  return rows.map((r, i) => {
    if (!mask[i]) return { ...r, suppressed: false };
    const out: Record<string, unknown> = { ...r, suppressed: true };
    for (const f of figures) out[f as string] = null;
    return out as T & { suppressed: boolean };
  });
}
