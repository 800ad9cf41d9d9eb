import type { Language } from '../shared/localized.ts';
import { VN_DIGITAL_COMPETENCE_2025 } from '../banks/competences.ts';
import { barChart, heatMap, histogram, lineChart, type ChartText } from './svg-charts.ts';
import { rt, type ReportMessageKey } from './report-messages.ts';
import type { ReportService, ReportSubject } from './report-service.ts';

export const CONTEST_CHARTS = ['participation', 'scores', 'competences', 'distribution'] as const;
export const SERIES_CHARTS = [...CONTEST_CHARTS, 'trend'] as const;
export type ChartName = (typeof SERIES_CHARTS)[number];

/** The six domains of Circular 02/2025, in order. */
export const DOMAINS = VN_DIGITAL_COMPETENCE_2025.competences.filter((c) => !c.code.includes('.'));

function text(lang: Language, name: ChartName, id: string, yKey: ReportMessageKey = 'chart.unit'): ChartText {
  const k = (s: string) => `chart.${name}.${s}` as ReportMessageKey;
  return {
    id: `${name}-${id}`,
    title: rt(lang, k('title')),
    desc: rt(lang, k('desc')),
    xLabel: rt(lang, k('x')),
    yLabel: rt(lang, yKey),
    suppressedLabel: rt(lang, 'chart.suppressed'),
    emptyLabel: rt(lang, 'chart.empty'),
  };
}

/** One chart of a report subject as SVG markup; null for a chart the subject does not have (trend of a single contest). */
export async function renderChart(reports: ReportService, s: ReportSubject, name: ChartName, lang: Language): Promise<string | null> {
  const id = s.id.slice(0, 8);
  switch (name) {
    case 'participation': {
      const d = await reports.districts(s, lang);
      return barChart(text(lang, name, id), d.map((r) => ({ label: r.districtName, value: r.suppressed ? null : r.participationRate, noData: !r.suppressed && r.participationRate === null })), { max: Math.max(100, ...d.map((r) => r.participationRate ?? 0)) });
    }
    case 'scores': {
      const d = await reports.districts(s, lang);
      return barChart(text(lang, name, id), d.map((r) => ({ label: r.districtName, value: r.suppressed ? null : r.meanScore, noData: !r.suppressed && r.meanScore === null })), { max: 100, color: '#009E73' });
    }
    case 'competences': {
      const items = await reports.competences(s, lang, 'domain');
      const districts = [...new Map(items.map((i) => [i.district, i.districtName])).entries()];
      // Short column heads; the data table beside the chart names each domain in full.
      const columns = DOMAINS.map((d) => `${lang === 'vi' ? 'Miền' : 'Domain'} ${d.code}`);
      const rows = districts.map(([code, label]) => ({
        label,
        cells: DOMAINS.map((d) => items.find((i) => i.district === code && i.competence === d.code)?.mastery ?? null),
      }));
      return heatMap(text(lang, name, id), columns, rows, { min: 0, max: 100 });
    }
    case 'distribution': {
      const bins = await reports.distribution(s);
      return histogram(text(lang, name, id, 'chart.distribution.y'), bins);
    }
    case 'trend': {
      if (s.kind !== 'series') return null;
      const items = await reports.trend(s, lang);
      const labels = s.contests.map((c) => c.title);
      const districts = [...new Map(items.map((i) => [i.district, i.districtName])).entries()];
      const series = districts.map(([code, label]) => ({
        name: label,
        values: s.contests.map((_, i) => items.find((t) => t.district === code && t.position === i + 1)?.meanScore ?? null),
      }));
      return lineChart(text(lang, name, id, 'chart.trend.y'), labels, series, { max: 100 });
    }
  }
}
