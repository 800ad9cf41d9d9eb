/**
 * Server-rendered SVG charts for reports: pure functions from figures to markup, no
 * browser and no chart library (the four chart shapes needed here are a few dozen lines
 * each, and owning them keeps the output small, printable and CSP-clean).
 * Every chart carries a title, axis labels with units, `<title>`/`<desc>` as its text
 * alternative (pages also put a data table beside it), and colours from the Okabe–Ito
 * palette and viridis, which stay distinguishable with colour-vision deficiencies.
 */

/** Okabe & Ito (2008), colour-blind-safe qualitative palette. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'] as const;
/** Viridis, five steps (low → high). */
export const SEQUENTIAL = ['#440154', '#3B528B', '#21918C', '#5EC962', '#FDE725'] as const;
const SUPPRESSED_FILL = '#D9D9D9';

export interface ChartText {
  /** Unique within a page: prefixes the ids that tie `<title>`/`<desc>` to the chart. */
  id: string;
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  desc: string;
  xLabel: string;
  yLabel: string;
  /** Shown for cells that are suppressed (fewer than 5 participants). */
  suppressedLabel: string;
  /** Shown when there is nothing to draw. */
  emptyLabel?: string;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const fmt = (v: number, digits = 1) => (Math.round(v * 10 ** digits) / 10 ** digits).toString();
const safeId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, '-');

function frame(text: ChartText, width: number, height: number, body: string): string {
  const id = safeId(text.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(text.title)}</title><desc id="${id}-desc">${escapeXml(text.desc)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>` +
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold" fill="#111111">${escapeXml(text.title)}</text>` +
    body +
    `</svg>`
  );
}

function empty(text: ChartText, width: number, height: number): string {
  return frame(text, width, height, `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#333333">${escapeXml(text.emptyLabel ?? '—')}</text>`);
}

/** A round upper bound for an axis. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

export interface Bar {
  label: string;
  /** null: suppressed (a grey stub labelled as such), or no data when `noData` is set (a dash). */
  value: number | null;
  noData?: boolean;
}

/** Horizontal bars (district names are long); value axis along x with its unit in `xLabel`. */
export function barChart(text: ChartText, bars: readonly Bar[], opts: { max?: number; color?: string; digits?: number } = {}): string {
  const width = 640;
  const rowH = 22;
  const left = 170;
  const right = 60;
  const top = 40;
  const plotH = Math.max(rowH, bars.length * rowH);
  const height = top + plotH + 50;
  if (bars.length === 0) return empty(text, width, 120);
  const max = opts.max ?? niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const plotW = width - left - right;
  const x = (v: number) => left + (Math.min(v, max) / max) * plotW;
  const color = opts.color ?? PALETTE[0];
  let body = '';
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    body += `<line x1="${x(v)}" y1="${top}" x2="${x(v)}" y2="${top + plotH}" stroke="#CCCCCC"/><text x="${x(v)}" y="${top + plotH + 14}" text-anchor="middle" fill="#333333">${fmt(v, 1)}</text>`;
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    body += `<text x="${left - 6}" y="${y + rowH / 2 + 4}" text-anchor="end" fill="#111111">${escapeXml(b.label)}</text>`;
    if (b.value === null && b.noData) {
      body += `<text x="${left + 6}" y="${y + rowH / 2 + 4}" fill="#333333">—</text>`;
    } else if (b.value === null) {
      body += `<rect x="${left}" y="${y + 4}" width="14" height="${rowH - 8}" fill="${SUPPRESSED_FILL}" class="suppressed"/><text x="${left + 20}" y="${y + rowH / 2 + 4}" fill="#333333">${escapeXml(text.suppressedLabel)}</text>`;
    } else {
      body += `<rect x="${left}" y="${y + 4}" width="${Math.max(0, x(b.value) - left)}" height="${rowH - 8}" fill="${color}"><title>${escapeXml(`${b.label}: ${fmt(b.value, opts.digits ?? 1)}`)}</title></rect>`;
      body += `<text x="${x(b.value) + 4}" y="${y + rowH / 2 + 4}" fill="#111111">${fmt(b.value, opts.digits ?? 1)}</text>`;
    }
  });
  body += `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333333"/>`;
  body += `<text x="${left + plotW / 2}" y="${height - 10}" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.xLabel)}</text>`;
  body += `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.yLabel)}</text>`;
  return frame(text, width, height, body);
}

export interface HeatRow {
  label: string;
  /** One value per column (0–100), null when suppressed or no data. */
  cells: ReadonlyArray<number | null>;
}

/** Colour of a value on the sequential scale, and a text colour with enough contrast on it. */
export function heatColor(v: number, min: number, max: number): { fill: string; text: string } {
  const t = max > min ? Math.min(1, Math.max(0, (v - min) / (max - min))) : 0;
  const i = Math.min(SEQUENTIAL.length - 1, Math.floor(t * SEQUENTIAL.length));
  return { fill: SEQUENTIAL[i]!, text: i >= 3 ? '#111111' : '#FFFFFF' };
}

/** Rows (districts) × columns (competence domains), each cell coloured and labelled with its value. */
export function heatMap(text: ChartText, columns: readonly string[], rows: readonly HeatRow[], opts: { min?: number; max?: number } = {}): string {
  if (rows.length === 0 || columns.length === 0) return empty(text, 640, 120);
  const left = 170;
  const cellW = 92;
  const cellH = 24;
  const top = 60;
  const width = Math.max(640, left + columns.length * cellW + 20);
  const height = top + rows.length * cellH + 70;
  const min = opts.min ?? 0;
  const max = opts.max ?? 100;
  let body = '';
  columns.forEach((c, j) => {
    body += `<text x="${left + j * cellW + cellW / 2}" y="${top - 8}" text-anchor="middle" fill="#111111" font-size="11">${escapeXml(c)}</text>`;
  });
  rows.forEach((r, i) => {
    const y = top + i * cellH;
    body += `<text x="${left - 6}" y="${y + cellH / 2 + 4}" text-anchor="end" fill="#111111">${escapeXml(r.label)}</text>`;
    r.cells.forEach((v, j) => {
      const x = left + j * cellW;
      if (v === null) {
        body += `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${SUPPRESSED_FILL}" class="suppressed"/><text x="${x + cellW / 2}" y="${y + cellH / 2 + 4}" text-anchor="middle" fill="#111111">—</text>`;
      } else {
        const c = heatColor(v, min, max);
        body += `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${c.fill}"><title>${escapeXml(`${r.label} · ${columns[j]}: ${fmt(v)}`)}</title></rect><text x="${x + cellW / 2}" y="${y + cellH / 2 + 4}" text-anchor="middle" fill="${c.text}">${fmt(v, 0)}</text>`;
      }
    });
  });
  // Legend: the scale and the suppressed swatch.
  const ly = top + rows.length * cellH + 16;
  SEQUENTIAL.forEach((col, k) => {
    body += `<rect x="${left + k * 40}" y="${ly}" width="40" height="12" fill="${col}"/>`;
  });
  body += `<text x="${left}" y="${ly + 26}" fill="#111111">${fmt(min, 0)}</text><text x="${left + SEQUENTIAL.length * 40}" y="${ly + 26}" text-anchor="end" fill="#111111">${fmt(max, 0)}</text>`;
  body += `<rect x="${left + SEQUENTIAL.length * 40 + 20}" y="${ly}" width="16" height="12" fill="${SUPPRESSED_FILL}"/><text x="${left + SEQUENTIAL.length * 40 + 40}" y="${ly + 10}" fill="#111111">${escapeXml(text.suppressedLabel)}</text>`;
  body += `<text x="${left + (columns.length * cellW) / 2}" y="${top - 26}" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.xLabel)}</text>`;
  body += `<text transform="translate(14 ${top + (rows.length * cellH) / 2}) rotate(-90)" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.yLabel)}</text>`;
  return frame(text, width, height, body);
}

export interface LineSeries {
  name: string;
  values: ReadonlyArray<number | null>;
}

/** Lines across the contests of a series (x: contests in order); a null breaks the line. Distinct markers as well as colours. */
export function lineChart(text: ChartText, xLabels: readonly string[], series: readonly LineSeries[], opts: { max?: number } = {}): string {
  if (xLabels.length === 0 || series.length === 0) return empty(text, 640, 120);
  const width = 640;
  const left = 60;
  const right = 160;
  const top = 40;
  const plotH = 220;
  const height = top + plotH + 70;
  const plotW = width - left - right;
  const max = opts.max ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const x = (i: number) => left + (xLabels.length === 1 ? plotW / 2 : (i / (xLabels.length - 1)) * plotW);
  const y = (v: number) => top + plotH - (Math.min(v, max) / max) * plotH;
  let body = '';
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    body += `<line x1="${left}" y1="${y(v)}" x2="${left + plotW}" y2="${y(v)}" stroke="#CCCCCC"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#333333">${fmt(v)}</text>`;
  }
  xLabels.forEach((l, i) => {
    body += `<text x="${x(i)}" y="${top + plotH + 16}" text-anchor="middle" fill="#333333">${escapeXml(l.length > 14 ? `${l.slice(0, 13)}…` : l)}</text>`;
  });
  const markers = ['circle', 'square', 'triangle', 'diamond'] as const;
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const dash = k >= PALETTE.length ? ' stroke-dasharray="4 3"' : '';
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    if (d) body += `<path d="${d.trim()}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`;
    s.values.forEach((v, i) => {
      if (v === null) return;
      const m = markers[k % markers.length];
      const cx = x(i);
      const cy = y(v);
      const tip = `<title>${escapeXml(`${s.name} · ${xLabels[i]}: ${fmt(v)}`)}</title>`;
      if (m === 'circle') body += `<circle cx="${cx}" cy="${cy}" r="4" fill="${color}">${tip}</circle>`;
      else if (m === 'square') body += `<rect x="${cx - 4}" y="${cy - 4}" width="8" height="8" fill="${color}">${tip}</rect>`;
      else if (m === 'triangle') body += `<path d="M${cx} ${cy - 5} L${cx + 5} ${cy + 4} L${cx - 5} ${cy + 4} Z" fill="${color}">${tip}</path>`;
      else body += `<path d="M${cx} ${cy - 5} L${cx + 5} ${cy} L${cx} ${cy + 5} L${cx - 5} ${cy} Z" fill="${color}">${tip}</path>`;
    });
    const ly = top + 10 + k * 16;
    body += `<rect x="${left + plotW + 12}" y="${ly - 8}" width="10" height="10" fill="${color}"/><text x="${left + plotW + 26}" y="${ly + 1}" fill="#111111">${escapeXml(s.name)}</text>`;
  });
  body += `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333333"/><line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333333"/>`;
  body += `<text x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.xLabel)}</text>`;
  body += `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.yLabel)}</text>`;
  return frame(text, width, height, body);
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Score distribution: vertical bars over score ranges. */
export function histogram(text: ChartText, bins: readonly Bin[]): string {
  if (bins.length === 0) return empty(text, 640, 120);
  const width = 640;
  const left = 60;
  const right = 20;
  const top = 40;
  const plotH = 220;
  const height = top + plotH + 60;
  const plotW = width - left - right;
  const max = niceMax(Math.max(0, ...bins.map((b) => b.count)));
  const bw = plotW / bins.length;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  let body = '';
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    body += `<line x1="${left}" y1="${y(v)}" x2="${left + plotW}" y2="${y(v)}" stroke="#CCCCCC"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#333333">${fmt(v, 0)}</text>`;
  }
  bins.forEach((b, i) => {
    const x = left + i * bw;
    body += `<rect x="${x + 1}" y="${y(b.count)}" width="${bw - 2}" height="${top + plotH - y(b.count)}" fill="${PALETTE[0]}"><title>${escapeXml(`${fmt(b.from, 0)}–${fmt(b.to, 0)}: ${b.count}`)}</title></rect>`;
    body += `<text x="${x + bw / 2}" y="${top + plotH + 14}" text-anchor="middle" fill="#333333">${fmt(b.from, 0)}</text>`;
  });
  body += `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333333"/>`;
  body += `<text x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.xLabel)}</text>`;
  body += `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111111" class="axis-label">${escapeXml(text.yLabel)}</text>`;
  return frame(text, width, height, body);
}
