/**
 * A small Prometheus registry: counters, gauges and histograms with labels,
 * rendered in the text exposition format. Runtime-neutral (no Node imports);
 * process metrics are added by the Node entry through a collector.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  readonly name: string;
  readonly help: string;
  readonly values = new Map<string, number>();
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(key(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  readonly name: string;
  readonly help: string;
  readonly values = new Map<string, number>();
  readonly collect: (() => number) | undefined;
  constructor(name: string, help: string, collect?: () => number) {
    this.name = name;
    this.help = help;
    this.collect = collect;
  }
  set(value: number, labels: Labels = {}): void {
    this.values.set(key(labels), value);
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  dec(labels: Labels = {}, by = 1): void {
    this.inc(labels, -by);
  }
  render(): string {
    if (this.collect) this.values.set('', this.collect());
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  readonly name: string;
  readonly help: string;
  readonly buckets: number[];
  readonly series = new Map<string, { counts: number[]; sum: number; count: number; labels: Labels }>();
  constructor(name: string, help: string, buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
  }
  observe(value: number, labels: Labels = {}): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0, labels };
      this.series.set(k, s);
    }
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${key({ ...s.labels, le: String(b) })}} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${key({ ...s.labels, le: '+Inf' })}} ${s.count}`);
      const k = key(s.labels);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ''} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ''} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();
  private readonly collectors: Array<() => string> = [];
  counter(name: string, help: string): Counter {
    return this.register(name, () => new Counter(name, help));
  }
  gauge(name: string, help: string, collect?: () => number): Gauge {
    return this.register(name, () => new Gauge(name, help, collect));
  }
  histogram(name: string, help: string, buckets?: number[]): Histogram {
    return this.register(name, () => new Histogram(name, help, buckets));
  }
  /** Text produced elsewhere (e.g. process metrics), appended as is. */
  addCollector(collect: () => string): void {
    this.collectors.push(collect);
  }
  render(): string {
    return [...[...this.metrics.values()].map((m) => m.render()), ...this.collectors.map((c) => c())].join('\n') + '\n';
  }
  private register<M extends Metric>(name: string, make: () => M): M {
    const existing = this.metrics.get(name);
    if (existing) return existing as M;
    const m = make();
    this.metrics.set(name, m);
    return m;
  }
}
