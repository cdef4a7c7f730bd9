import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  awsOpsServiceRef,
  loadStoreServices,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-node';
import { eksPermissions } from '@internal/backstage-plugin-eks-common';
import path from 'node:path';
import { readEksConfig } from './config';
import { AwsEksProvider } from './providers/AwsEksProvider';
import { DemoEksProvider } from './providers/DemoEksProvider';
import { EksProvider } from './providers/types';
import { createRouter } from './router';
import { EksDeploymentsService } from './service/EksDeploymentsService';

/** Live EKS deployments per catalog entity: `GET /api/eks/entities/:kind/:namespace/:name/deployments`. */
export const eksPlugin = createBackendPlugin({
  pluginId: 'eks',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        awsOps: awsOpsServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        awsOps,
      }) {
        permissionsRegistry.addPermissions(eksPermissions);
        const eksConfig = readEksConfig(config);
        let provider: EksProvider;
        if (awsOps.config.source === 'demo') {
          const dir = awsOps.config.demo.storeServicesDir;
          let services: StoreService[] = [];
          if (dir) {
            services = await loadStoreServices(path.resolve(dir)).catch(
              error => {
                logger.warn(`Demo EKS data: cannot read ${dir}: ${error}`);
                return [];
              },
            );
          } else {
            logger.warn(
              'Demo EKS data: awsOps.demo.storeServicesDir is not set; no workloads simulated',
            );
          }
          provider = new DemoEksProvider({
            services,
            environments: awsOps.config.environments,
            eksConfig,
            seed: awsOps.config.demo.seed,
            clock: Date.now,
          });
        } else {
          provider = new AwsEksProvider(awsOps);
        }
        const deployments = new EksDeploymentsService({
          awsOps,
          eksConfig,
          provider,
          clock: Date.now,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            catalog,
            deployments,
          }),
        );
      },
    });
  },
});
