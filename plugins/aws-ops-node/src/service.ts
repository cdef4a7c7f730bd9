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
import { AwsRateLimits } from './limits';
import { AwsOpsResolver } from './resolver';

/** The AWS layer every AWS ops plugin shares. */
export interface AwsOpsService {
  readonly config: AwsOpsConfig;
  readonly resolver: AwsOpsResolver;
  readonly clients: AwsClientFactory;
  readonly cache: AwsOpsCache;
  /** Each replica's share of the quotas of the APIs the plugins fan out over. */
  readonly limits: AwsRateLimits;
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
    config.cache,
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
    limits: new AwsRateLimits({ replicas: config.replicas }),
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
