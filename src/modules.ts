import type { Runtime } from './composition.ts';
import type { CiviqServer } from './realtime/socket-server.ts';
import { registerBankRoutes } from './banks/routes.ts';
import { registerWebRoutes } from './web/routes.ts';
import { livePages } from './web/live-pages.ts';
import { registerRegionRoutes } from './regions/routes.ts';
import { registerLiveContestRoutes } from './contests/routes.ts';
import { registerLiveNamespace } from './contests/live-socket.ts';
import { registerReportRoutes } from './reports/routes/index.ts';
import { reportPages } from './reports/report-pages.ts';

/**
 * Feature modules (banks, contests, web pages) plug into the runtime here:
 * HTTP routes through `runtime.deps.modules`, socket namespaces and lifecycle
 * hooks through the returned object.
 */
export interface ModuleHooks {
  namespaces: Array<(io: CiviqServer) => void>;
  afterStart?: (io: CiviqServer) => Promise<void>;
  beforeClose?: () => Promise<void>;
}

export async function installModules(runtime: Runtime): Promise<ModuleHooks> {
  const modules = (runtime.deps.modules ??= []);
  modules.push((app) => registerBankRoutes(app, runtime.services.banks));
  modules.push((app) => registerRegionRoutes(app, runtime.services.regions));
  modules.push((app) => registerLiveContestRoutes(app, runtime.services.liveContests));
  modules.push((app) => registerWebRoutes(app, [livePages({ failedJoins: runtime.services.failedJoins })]));
  modules.push((app) => registerReportRoutes(app, runtime.services.reports));
  modules.push((app) => reportPages(runtime.services.reports)(app));
  const { liveEngine } = runtime.services;
  return {
    namespaces: [registerLiveNamespace({ engine: liveEngine, failedJoins: runtime.services.failedJoins, auth: runtime.deps.auth, db: runtime.database.db, logger: runtime.logger, metrics: runtime.deps.metrics })],
    // Contests that were running when the server stopped resume from the database.
    afterStart: async () => void (await liveEngine.restoreAll()),
    beforeClose: () => liveEngine.close(),
  };
}
