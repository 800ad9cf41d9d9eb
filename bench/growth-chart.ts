import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `node bench/growth-chart.ts results.jsonl out.svg [since [until]]`: the growth curve of
 * `bench:live` runs (one JSON line each, `--json` output) as a server-rendered
 * SVG: reveal to the last player for civiq and for the bare socket.io baseline,
 * and answer ack p99, against the number of players (log scale). With `since`
 * (an ISO date), only runs from then on (and before `until`); one run per size and node count (the
 * last). Runs on one node are solid lines with filled points; runs on several
 * nodes (`--nodes K`) are dashed with hollow points, so the 25,000-player runs —
 * more sockets than one process can hold here — sit on the same axes.
 */
const [input, output, since, until] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node bench/growth-chart.ts results.jsonl out.svg [since [until]]');
type Run = { players: number; nodes?: number; joined: number; date?: string; revealToAllMs: number | null; boardToAllMs?: number | null; ackP99Ms: number | null; baseline?: { revealToAllMs: number | null; boardToAllMs?: number | null } };
const bySize = new Map<string, Run>();
for (const line of readFileSync(input, 'utf8').split('\n').filter(Boolean)) {
  const run = JSON.parse(line) as Run;
  if (since && (!run.date || run.date < since)) continue;
  if (until && run.date && run.date >= until) continue;
  bySize.set(`${run.nodes ?? 1}:${run.players}`, run);
}
const runs = [...bySize.values()].sort((a, b) => a.players - b.players);
const nodeCounts = [...new Set(runs.map((r) => r.nodes ?? 1))].sort((a, b) => a - b);
const W = 680, H = 370, L = 64, R = 190, T = 24, B = 58;
const xs = [...new Set(runs.map((r) => r.players))];
const series = [
  { name: 'civiq reveal → last player', color: '#b3261e', pick: (r: Run) => r.revealToAllMs },
  { name: 'civiq board → last player', color: '#e37400', pick: (r: Run) => r.boardToAllMs ?? null },
  { name: 'bare socket.io reveal', color: '#1a73e8', pick: (r: Run) => r.baseline?.revealToAllMs ?? null },
  { name: 'bare socket.io board', color: '#7baaf7', pick: (r: Run) => r.baseline?.boardToAllMs ?? null },
  { name: 'civiq answer ack p99', color: '#137333', pick: (r: Run) => r.ackP99Ms },
];
const ymax = Math.max(100, ...runs.flatMap((r) => series.map((s) => s.pick(r) ?? 0))) * 1.1;
const lx = (v: number) => Math.log10(v);
const [x0, x1] = [lx(Math.min(...xs)) - 0.1, lx(Math.max(...xs)) + 0.1];
const X = (v: number) => L + ((lx(v) - x0) / (x1 - x0)) * (W - L - R);
const Y = (v: number) => T + (1 - v / ymax) * (H - T - B);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const parts: string[] = [];
parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Live reveal time and answer ack p99 by number of players" font-family="sans-serif" font-size="12">`);
parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
const step = [100, 200, 250, 500, 1000, 2000, 2500, 5000].find((v) => v * 5 >= ymax) ?? Math.ceil(ymax / 5000) * 1000;
for (let v = 0; v <= ymax; v += step) {
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${Y(v)}" y2="${Y(v)}" stroke="#ddd"/><text x="${L - 6}" y="${Y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
}
// Sizes close together on the log axis (19,500 and 25,000) get their labels on two lines.
xs.sort((a, b) => a - b).forEach((x, i) => {
  const low = i > 0 && X(x) - X(xs[i - 1]!) < 48 && !(i > 1 && X(xs[i - 1]!) - X(xs[i - 2]!) < 48);
  parts.push(`<text x="${X(x)}" y="${H - B + (low ? 30 : 16)}" text-anchor="middle">${x.toLocaleString('en')}</text>`);
});
parts.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">players (log scale)</text><text x="14" y="${(T + H - B) / 2}" transform="rotate(-90 14 ${(T + H - B) / 2})" text-anchor="middle">ms</text>`);
for (const nodes of nodeCounts) {
  const group = runs.filter((r) => (r.nodes ?? 1) === nodes);
  const dashed = nodes > 1 ? ' stroke-dasharray="6 4"' : '';
  for (const s of series) {
    const pts = group.flatMap((r) => (s.pick(r) === null ? [] : [[X(r.players), Y(s.pick(r)!)] as const]));
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dashed} points="${pts.map((p) => p.join(',')).join(' ')}"/>`);
    for (const p of pts) parts.push(nodes > 1 ? `<circle cx="${p[0]}" cy="${p[1]}" r="4" fill="#fff" stroke="${s.color}" stroke-width="2"/>` : `<circle cx="${p[0]}" cy="${p[1]}" r="3" fill="${s.color}"/>`);
  }
}
series.forEach((s, k) => {
  parts.push(`<rect x="${W - R + 10}" y="${T + k * 20}" width="12" height="4" fill="${s.color}"/><text x="${W - R + 26}" y="${T + k * 20 + 6}">${esc(s.name)}</text>`);
});
nodeCounts.forEach((nodes, k) => {
  const y = T + (series.length + 1 + k) * 20;
  const mark = nodes > 1 ? `<circle cx="${W - R + 16}" cy="${y + 2}" r="4" fill="#fff" stroke="#555" stroke-width="2"/>` : `<circle cx="${W - R + 16}" cy="${y + 2}" r="3" fill="#555"/>`;
  parts.push(`${mark}<text x="${W - R + 26}" y="${y + 6}">${nodes > 1 ? `${nodes} nodes (dashed)` : 'one node (solid)'}</text>`);
});
parts.push('</svg>');
writeFileSync(output, parts.join('\n') + '\n');
