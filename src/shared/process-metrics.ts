import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics.ts';

/** Standard process metrics for the Node runtime (memory, CPU, event-loop delay). */
export function addProcessMetrics(registry: MetricsRegistry): () => void {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  // A second monitor for the maximum, reset at every scrape: "the worst stall since the last look".
  const worst = monitorEventLoopDelay({ resolution: 10 });
  worst.enable();
  const started = Date.now() / 1000;
  registry.addCollector(() => {
    const mem = process.memoryUsage();
    const maxSeconds = worst.max / 1e9;
    worst.reset();
    const cpu = process.cpuUsage();
    return [
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${mem.rss}`,
      '# HELP nodejs_heap_used_bytes V8 heap in use.',
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${mem.heapUsed}`,
      '# HELP process_cpu_seconds_total User and system CPU time spent.',
      '# TYPE process_cpu_seconds_total counter',
      `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
      '# HELP process_start_time_seconds Start time of the process since the Unix epoch.',
      '# TYPE process_start_time_seconds gauge',
      `process_start_time_seconds ${started}`,
      '# HELP nodejs_eventloop_delay_p99_seconds 99th percentile event-loop delay.',
      '# TYPE nodejs_eventloop_delay_p99_seconds gauge',
      `nodejs_eventloop_delay_p99_seconds ${loop.percentile(99) / 1e9}`,
      // The maximum, not only the p99: one reveal that blocks the loop for seconds hides under a p99.
      '# HELP nodejs_eventloop_delay_max_seconds Longest event-loop delay since the previous scrape.',
      '# TYPE nodejs_eventloop_delay_max_seconds gauge',
      `nodejs_eventloop_delay_max_seconds ${maxSeconds}`,
    ].join('\n');
  });
  return () => {
    loop.disable();
    worst.disable();
  };
}
