import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createTemplateGlobalValue,
  scaffolderTemplatingExtensionPoint,
} from '@backstage/plugin-scaffolder-node/alpha';
import { createCatalogAwaitAction } from './actions/awaitEntities';
import { createCatalogValidateAction } from './actions/validate';
import { createFetchSharedAction } from './actions/fetchShared';
import { createNamingAction } from './actions/naming';
import { createPublishLocalAction } from './actions/publishLocal';
import { STORE } from './names';

const DEFAULT_PUBLISH_DIR = '../../data/generated-repos';
const DEFAULT_SHARED_DIR = '../../templates/shared';

/** Registers the inbestment template actions and the `inbestment` template global. */
export const scaffolderModuleInbestment = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'inbestment',
  register(reg) {
    reg.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init({ actions, templating, config, reader, catalog }) {
        const cfg = config.getOptionalConfig('inbestment.scaffolder');
        const resolveDir = (key: string, fallback: string) =>
          path.resolve(cfg?.getOptionalString(key) ?? fallback);

        actions.addActions(
          createNamingAction(),
          createCatalogValidateAction({ catalog }),
          createCatalogAwaitAction({ catalog }),
          createFetchSharedAction({
            reader,
            integrations: ScmIntegrations.fromConfig(config),
            sharedDir: resolveDir('sharedSkeletonDir', DEFAULT_SHARED_DIR),
          }),
          createPublishLocalAction({
            publishDir: resolveDir('localPublishDir', DEFAULT_PUBLISH_DIR),
          }),
        );

        // Templates pick their publish steps with `if: ${{ inbestment.publishTarget === 'github' }}`.
        templating.addTemplateGlobals([
          createTemplateGlobalValue({
            id: 'inbestment',
            value: {
              publishTarget: cfg?.getOptionalString('publishTarget') ?? 'local',
              githubOrg: cfg?.getOptionalString('githubOrg') ?? STORE.githubOrg,
            },
          }),
        ]);
      },
    });
  },
});
