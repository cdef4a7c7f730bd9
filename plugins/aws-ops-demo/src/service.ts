import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import path from 'node:path';
import { loadScenario, Scenario } from './scenario';

/**
 * The demo scenario, loaded once per process from `awsOps.demo`: every demo
 * provider plays the same file on the same clock.
 */
export const demoScenarioServiceRef = createServiceRef<Scenario>({
  id: 'aws-ops.demo-scenario',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      async factory({ config }) {
        const demo = config.getConfig('awsOps.demo');
        const scenarioFile = demo.getOptionalString('scenarioFile');
        return loadScenario({
          // Relative to the backend's working directory, as the catalog's file locations are.
          storeServicesDir: path.resolve(demo.getString('storeServicesDir')),
          file: scenarioFile ? path.resolve(scenarioFile) : undefined,
        });
      },
    }),
});
