import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics.ts';

/** Standard process metrics for the Node runtime (memory, CPU, event-loop delay). */
export function addProcessMetrics(registry: MetricsRegistry): () => void {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  // A second monitor for the maximum, reset at every scrape: "the worst stall since the last look".
  const worst = monitorEventLoopDelay({ resolution: 10 });
  worst.enable();
  const busy = busyMonitor();
  // The longest garbage-collection pause since the previous scrape: the stall no slicing removes.
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const started = Date.now() / 1000;
  registry.addCollector(() => {
    const mem = process.memoryUsage();
    const maxSeconds = worst.max / 1e9;
    worst.reset();
    const busySeconds = busy.takeMaxMs() / 1000;
    const gcSeconds = gcMaxMs / 1000;
    gcMaxMs = 0;
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
      // The delay also counts time the OS gave other processes (a shared machine); this counts only our own work.
      '# HELP nodejs_eventloop_busy_max_seconds Most main-thread CPU time between two 10 ms loop ticks since the previous scrape: the longest stall the process caused itself.',
      '# TYPE nodejs_eventloop_busy_max_seconds gauge',
      `nodejs_eventloop_busy_max_seconds ${busySeconds}`,
      '# HELP nodejs_gc_pause_max_seconds Longest garbage-collection pause since the previous scrape.',
      '# TYPE nodejs_gc_pause_max_seconds gauge',
      `nodejs_gc_pause_max_seconds ${gcSeconds}`,
    ].join('\n');
  });
  return () => {
    loop.disable();
    worst.disable();
    busy.stop();
    gc.disconnect();
  };
}

/**
 * How long the main thread itself kept the event loop from turning: a 10 ms
 * timer, and at each tick the main thread's CPU time since the previous tick
 * (capped by the wall time between them). A 60 ms synchronous task shows as
 * ≈ 60 ms; a loop starved by other processes on a busy machine shows its long
 * delay but little CPU, so it does not count here.
 */
export function busyMonitor(everyMs = 10) {
  const cpuMs = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  let lastWall = performance.now();
  let lastCpu = cpuMs();
  let max = 0;
  const timer = setInterval(() => {
    const wall = performance.now();
    const cpu = cpuMs();
    max = Math.max(max, Math.min(wall - lastWall, cpu - lastCpu));
    lastWall = wall;
    lastCpu = cpu;
  }, everyMs);
  timer.unref();
  return {
    /** The maximum since the previous call (ms), then reset. */
    takeMaxMs() {
      const m = max;
      max = 0;
      return m;
    },
    stop: () => clearInterval(timer),
  };
}
