import { describe, expect, it } from 'vitest';
import { addProcessMetrics, busyMonitor } from '../../src/shared/process-metrics.ts';
import { MetricsRegistry } from '../../src/shared/metrics.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const cpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

describe('busyMonitor', () => {
  it('counts a synchronous stretch of main-thread work, and not idle waiting', async () => {
    const busy = busyMonitor();
    try {
      await sleep(120); // idle: the ticks see wall time but almost no CPU
      const idle = busy.takeMaxMs();
      // 80 ms of this thread's CPU without yielding (however long the machine makes it take).
      const start = cpuMs();
      while (cpuMs() - start < 80) {
        /* work */
      }
      await sleep(30); // let the next tick see the stretch
      const blocked = busy.takeMaxMs();
      expect(blocked).toBeGreaterThanOrEqual(75);
      expect(idle).toBeLessThan(blocked / 2);
      expect(busy.takeMaxMs()).toBeLessThan(blocked); // reset by take
    } finally {
      busy.stop();
    }
  });
});

describe('process metrics', () => {
  it('exports the loop busy maximum and the longest GC pause beside the delay maximum', async () => {
    const registry = new MetricsRegistry();
    const stop = addProcessMetrics(registry);
    try {
      await sleep(30);
      const text = registry.render();
      for (const name of ['nodejs_eventloop_delay_max_seconds', 'nodejs_eventloop_busy_max_seconds', 'nodejs_gc_pause_max_seconds']) {
        expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
      }
    } finally {
      stop();
    }
  });
});
