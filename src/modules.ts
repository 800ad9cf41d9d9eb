import type { Runtime } from './composition.ts';
import type { CiviqServer } from './realtime/socket-server.ts';
import { registerBankRoutes } from './banks/routes.ts';
import { registerWebRoutes } from './web/routes.ts';
import { livePages } from './web/live-pages.ts';
import { scheduledPages } from './web/scheduled-pages.ts';
import { registerRegionRoutes } from './regions/routes.ts';
import { registerLiveContestRoutes } from './contests/routes.ts';
import { registerLiveNamespace } from './contests/live-socket.ts';
import type { LiveCluster } from './contests/cluster/cluster-gateway.ts';
import { registerReportRoutes } from './reports/routes/index.ts';
import { reportPages } from './reports/report-pages.ts';
import { registerScheduledRoutes } from './scheduled/routes/index.ts';
import { registerScheduledNamespace } from './scheduled/progress-socket.ts';
import { startSweeper } from './scheduled/sweeper.ts';
import { registerUserAdminRoutes } from './auth/user-admin-routes.ts';
import { authoringPages } from './web/authoring-pages.ts';
import { registerJoinAddressRoutes } from './net/routes.ts';
import { registerJoinSheets } from './web/join-sheets.ts';
import { registerPlayServiceWorker } from './web/offline.ts';

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

export async function installModules(runtime: Runtime, opts: { cluster?: LiveCluster | null } = {}): Promise<ModuleHooks> {
  const cluster = opts.cluster ?? null;
  const modules = (runtime.deps.modules ??= []);
  modules.push((app) => registerBankRoutes(app, runtime.services.banks));
  modules.push((app) => registerRegionRoutes(app, runtime.services.regions));
  modules.push((app) => registerLiveContestRoutes(app, runtime.services.liveContests));
  modules.push((app) => registerReportRoutes(app, runtime.services.reports));
  modules.push((app) => reportPages(runtime.services.reports)(app));
  modules.push((app) => registerScheduledRoutes(app, runtime.services.scheduled));
  modules.push((app) => registerUserAdminRoutes(app, runtime.services.userAdmin));
  modules.push((app) => registerJoinAddressRoutes(app, runtime.services.joinAddresses));
  modules.push((app) => registerJoinSheets(app, runtime.services.liveContests));
  modules.push((app) => registerPlayServiceWorker(app));
  const { liveEngine } = runtime.services;
  const scheduledSocket = registerScheduledNamespace({ module: runtime.services.scheduled, auth: runtime.deps.auth, logger: runtime.logger });
  let stopSweeper: (() => void) | null = null;
  const { liveGateway, livePresence } = runtime.services;
  const findContest = (pin: string) => liveGateway.findJoinable(pin);
  modules.push((app) => registerWebRoutes(app, [livePages({ failedJoins: runtime.services.failedJoins, findContest }), authoringPages(), scheduledPages({ regions: runtime.services.regions })]));
  return {
    namespaces: [
      registerLiveNamespace({ gateway: liveGateway, attach: (nsp) => liveEngine.attach(nsp, { relay: cluster !== null }), presence: livePresence, failedJoins: runtime.services.failedJoins, auth: runtime.deps.auth, db: runtime.database.db, logger: runtime.logger, metrics: runtime.deps.metrics, clientAddress: runtime.deps.clientAddress }),
      scheduledSocket.attach,
    ],
    // Contests that were running when the server stopped resume from the database.
    afterStart: async () => {
      // Several nodes: take over only the running contests nobody owns, then renew and watch leases.
      if (cluster) {
        await cluster.restoreAll();
        cluster.start();
      } else await liveEngine.restoreAll();
      // Scheduled attempts left open past their deadline, and contests past their window, are closed in the background too.
      stopSweeper = startSweeper(runtime.services.scheduled, runtime.logger);
    },
    beforeClose: async () => {
      stopSweeper?.();
      scheduledSocket.stop();
      cluster?.drain();
      await liveEngine.close();
      // After the final saves: give the leases back so another node takes over at once.
      await cluster?.stop();
    },
  };
}
