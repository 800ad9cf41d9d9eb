/** The worker test's own database and secret (the worker and the Node side that creates accounts share it). */
export const WORKER_SECRET = 'worker-test-secret-worker-test-secret-0123';

export function workerDatabaseUrl(adminUrl: string): string {
  const u = new URL(adminUrl);
  u.pathname = '/civiq_worker_test';
  // Hyperdrive's local mode insists on a password in the URL; trust authentication ignores it.
  if (!u.password) u.password = 'postgres';
  return u.toString();
}
