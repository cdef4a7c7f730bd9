import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  awsOpsServiceRef,
  loadStoreServices,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-node';
import path from 'node:path';
import { readWafConfig } from '../config';
import { AwsWafProvider } from '../providers/AwsWafProvider';
import { DemoWafProvider } from '../providers/DemoWafProvider';
import { WafProvider } from '../providers/types';
import { DefaultWafEventsService } from './DefaultWafEventsService';
import { WafEventsService } from './types';

async function readDemoServices(
  dir: string | undefined,
  logger: LoggerService,
): Promise<StoreService[]> {
  if (!dir) {
    logger.warn(
      'Demo WAF data: awsOps.demo.storeServicesDir is not set; no traffic simulated',
    );
    return [];
  }
  return loadStoreServices(path.resolve(dir)).catch(error => {
    logger.warn(`Demo WAF data: cannot read ${dir}: ${error}`);
    return [];
  });
}

/**
 * Root-scoped, so the WAF route and the health overview share one instance
 * and one set of cached log group reads.
 */
export const wafEventsServiceRef = createServiceRef<WafEventsService>({
  id: 'waf.events',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        rootLogger: coreServices.rootLogger,
        awsOps: awsOpsServiceRef,
      },
      async factory({ config, rootLogger, awsOps }) {
        const logger = rootLogger.child({ service: 'waf' });
        const wafConfig = readWafConfig(config);
        let provider: WafProvider;
        if (awsOps.config.source === 'demo') {
          provider = new DemoWafProvider({
            services: await readDemoServices(
              awsOps.config.demo.storeServicesDir,
              logger,
            ),
            resolver: awsOps.resolver,
            wafConfig,
            seed: awsOps.config.demo.seed,
            clock: Date.now,
          });
        } else {
          provider = new AwsWafProvider(awsOps, wafConfig.pageSize);
        }
        return new DefaultWafEventsService({
          awsOps,
          wafConfig,
          provider,
          clock: Date.now,
        });
      },
    }),
});
