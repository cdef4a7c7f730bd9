import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  awsOpsServiceRef,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  loadDemoStoreServices,
} from '@internal/backstage-plugin-aws-ops-demo';
import { readWafConfig } from '../config';
import { AwsWafProvider } from '../providers/AwsWafProvider';
import { DemoWafProvider } from '../providers/DemoWafProvider';
import { WafProvider } from '../providers/types';
import { DefaultWafEventsService } from './DefaultWafEventsService';
import { WafEventsService } from './types';

/**
 * Root-scoped, so the WAF route and the health overview share one instance
 * and one set of cached reads.
 */
export const wafEventsServiceRef = createServiceRef<WafEventsService>({
  id: 'waf.events',
  scope: 'plugin',
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
            services: await loadDemoStoreServices(
              awsOps.config.demo.storeServicesDir,
              logger,
              'WAF traffic',
            ),
            componentLabelPrefix: wafConfig.componentLabelPrefix,
            seed: awsOps.config.demo.seed,
            clock: Date.now,
          });
        } else {
          provider = new AwsWafProvider(awsOps, {
            queryTimeoutMs: wafConfig.queryTimeoutMs,
          });
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
