import { describe, expect, it } from 'vitest';
import { PALETTE, SEQUENTIAL, barChart, escapeXml, heatColor, heatMap, histogram, lineChart, niceMax, type ChartText } from '../../src/reports/svg-charts.ts';

const text = (id = 'c1'): ChartText => ({ id, title: 'Điểm <TB> & "tỷ lệ"', desc: 'Mô tả biểu đồ', xLabel: 'Điểm (%)', yLabel: 'Đơn vị', suppressedLabel: 'ẩn (dưới 5)', emptyLabel: 'Chưa có dữ liệu' });

/** Well-formedness: every opened tag is closed in order (the charts use no self-closing tricks beyond `/>`). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('SVG charts', () => {
  it('bar chart: title, text alternative, axis labels, one bar per value, suppressed bars as labelled stubs', () => {
    const svg = barChart(text(), [{ label: 'Buôn Ma Thuột', value: 72.5 }, { label: 'Lắk', value: null }, { label: 'Ea Kar', value: 40 }], { max: 100 });
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('role="img" aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Điểm &lt;TB&gt; &amp; &quot;tỷ lệ&quot;</title>');
    expect(svg).toContain('<desc id="c1-desc">Mô tả biểu đồ</desc>');
    expect(svg).toContain('>Điểm (%)</text>');
    expect(svg).toContain('rotate(-90)" text-anchor="middle" fill="#111111" class="axis-label">Đơn vị</text>');
    expect(svg.match(new RegExp(`fill="${PALETTE[0]}"`, 'g'))).toHaveLength(2);
    expect(svg).toContain('class="suppressed"');
    expect(svg).toContain('ẩn (dưới 5)');
    // 72.5 of 100 on a 410 px plot from x = 170.
    expect(svg).toContain(`width="${(72.5 / 100) * 410}"`);
  });

  it('draws a dash, not a suppressed stub, for a unit without data', () => {
    const svg = barChart(text(), [{ label: 'Lắk', value: null, noData: true }, { label: 'Ea Kar', value: null }]);
    expect(svg.match(/class="suppressed"/g)).toHaveLength(1);
    expect(svg).toContain('>—</text>');
  });

  it('escapes labels (no markup injection from school or district names)', () => {
    const svg = barChart(text(), [{ label: '<script>alert(1)</script>', value: 1 }]);
    expect(svg).not.toContain('<script>');
    expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });

  it('heat map: a cell per district × domain coloured on viridis with readable text, grey for suppressed, and a legend', () => {
    const svg = heatMap(text('h'), ['1', '2', '3', '4', '5', '6'], [
      { label: 'A', cells: [0, 20, 40, 60, 80, 100] },
      { label: 'B', cells: [null, 50, null, 50, 50, 50] },
    ]);
    expect(balanced(svg)).toBe(true);
    for (const c of SEQUENTIAL) expect(svg).toContain(`fill="${c}"`);
    expect(svg.match(/class="suppressed"/g)).toHaveLength(2);
    expect(heatColor(0, 0, 100)).toEqual({ fill: SEQUENTIAL[0], text: '#FFFFFF' });
    expect(heatColor(100, 0, 100)).toEqual({ fill: SEQUENTIAL[4], text: '#111111' });
  });

  it('line chart: a path per series, broken at missing points, distinct markers, a legend', () => {
    const svg = lineChart(text('l'), ['Vòng 1', 'Vòng 2', 'Vòng 3'], [
      { name: 'A', values: [50, 60, 70] },
      { name: 'B', values: [40, null, 45] },
    ], { max: 100 });
    expect(balanced(svg)).toBe(true);
    expect(svg).toMatch(/<path d="M60\.0 150\.0 L270\.0 128\.0 L480\.0 106\.0"/);
    // B has a gap: two separate moves.
    expect(svg).toMatch(/<path d="M60\.0 172\.0 M480\.0 161\.0"/);
    expect(svg).toContain('<circle');
    expect(svg).toContain('<rect x="56" y="168" width="8" height="8"');
  });

  it('histogram: one column per band, a round axis', () => {
    const svg = histogram(text('d'), Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: i })));
    expect(balanced(svg)).toBe(true);
    expect(svg.match(new RegExp(`fill="${PALETTE[0]}"><title>`, 'g'))).toHaveLength(10);
    expect(niceMax(9)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(0)).toBe(1);
  });

  it('says so when there is nothing to draw', () => {
    for (const svg of [barChart(text(), []), heatMap(text(), [], []), lineChart(text(), [], []), histogram(text(), [])]) {
      expect(svg).toContain('Chưa có dữ liệu');
      expect(svg).toContain('<title id=');
    }
  });
});
