import {
  CacheService,
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

/** What every plugin of the backend process shares: allowlist, SDK clients and credentials, and the quota shares. */
export interface AwsOpsRoot {
  readonly config: AwsOpsConfig;
  readonly resolver: AwsOpsResolver;
  readonly clients: AwsClientFactory;
  /** Each replica's share of the quotas of the APIs the plugins fan out over. */
  readonly limits: AwsRateLimits;
}

/** The AWS layer as one plugin sees it: the shared root, with the plugin's own cache. */
export interface AwsOpsService extends AwsOpsRoot {
  readonly cache: AwsOpsCache;
}

/** Builds the process-wide part of the AWS layer from the root config. */
export function createAwsOpsRoot(
  root: Config,
  logger: LoggerService,
): AwsOpsRoot {
  const config = readAwsOpsConfig(root);
  const resolver = new AwsOpsResolver(config);
  logger.info(
    `AWS ops: ${config.environments.length} environment(s)${
      config.endpoint ? `, endpoint ${config.endpoint}` : ''
    }`,
  );
  return {
    config,
    resolver,
    clients: AwsClientFactory.fromConfig(root, config, resolver),
    limits: new AwsRateLimits({ replicas: config.replicas }),
  };
}

/** The AWS layer for one plugin, its stale-while-revalidate cache on `cache` (the plugin's core cache). */
export function createAwsOpsService(
  root: Config | AwsOpsRoot,
  logger: LoggerService,
  cache: CacheService,
): AwsOpsService {
  const shared = 'resolver' in root ? root : createAwsOpsRoot(root, logger);
  return {
    ...shared,
    cache: new AwsOpsCache(cache, shared.config.cache),
  };
}

/**
 * Root-scoped, so every plugin of the process shares one set of SDK clients
 * and credentials, and one share of each API quota (a plugin-scoped limiter
 * would give each plugin the whole share).
 */
export const awsOpsRootServiceRef = createServiceRef<AwsOpsRoot>({
  id: 'aws-ops.root',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        createAwsOpsRoot(config, logger.child({ service: 'aws-ops' })),
    }),
});

/**
 * Plugin-scoped: the shared root with a cache on the plugin's core cache
 * service (the `backend.cache` store, namespaced by plugin).
 */
export const awsOpsServiceRef = createServiceRef<AwsOpsService>({
  id: 'aws-ops.core',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        root: awsOpsRootServiceRef,
        logger: coreServices.logger,
        cache: coreServices.cache,
      },
      factory: ({ root, logger, cache }) =>
        createAwsOpsService(root, logger, cache),
    }),
});
