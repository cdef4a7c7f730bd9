import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AwsOpsCache } from './cache';
import { AwsClientFactory } from './clients';
import { AwsOpsConfig, readAwsOpsConfig } from './config';
import { AwsOpsResolver } from './resolver';

/** The AWS layer every AWS ops plugin shares. */
export interface AwsOpsService {
  readonly config: AwsOpsConfig;
  readonly resolver: AwsOpsResolver;
  readonly clients: AwsClientFactory;
  readonly cache: AwsOpsCache;
}

/** Builds the shared AWS layer from the root config. */
export function createAwsOpsService(
  root: Config,
  logger: LoggerService,
): AwsOpsService {
  const config = readAwsOpsConfig(root);
  const resolver = new AwsOpsResolver(config);
  // One CacheService for all AWS plugins, on the store `backend.cache` configures.
  const cache = new AwsOpsCache(
    CacheManager.fromConfig(root, { logger }).forPlugin('aws-ops'),
  );
  logger.info(
    `AWS ops source '${config.source}', ${
      config.environments.length
    } environment(s)${config.endpoint ? `, endpoint ${config.endpoint}` : ''}`,
  );
  return {
    config,
    resolver,
    clients: AwsClientFactory.fromConfig(root, config, resolver),
    cache,
  };
}

/**
 * Root-scoped, so every AWS plugin in the backend shares one set of SDK
 * clients, credentials and caches.
 */
export const awsOpsServiceRef = createServiceRef<AwsOpsService>({
  id: 'aws-ops.core',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        createAwsOpsService(config, logger.child({ service: 'aws-ops' })),
    }),
});
