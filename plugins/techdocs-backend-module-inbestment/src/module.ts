import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DirectoryPreparer,
  techdocsGeneratorExtensionPoint,
  techdocsPreparerExtensionPoint,
} from '@backstage/plugin-techdocs-node';
import { ChangeDetectingDirectoryPreparer } from './docsEtag';
import { GuardedTechdocsGenerator } from './GuardedTechdocsGenerator';
import { techdocsCoreParts, withTechdocsCoreEquivalent } from './techdocsCore';

/**
 * Replaces TechDocs' generator with one that refuses mkdocs configs outside the
 * allowlist and builds techdocs-core's settings with Debian's mkdocs, and its
 * `dir:` preparer with one that tells unchanged docs folders apart.
 */
export const techdocsModuleMkdocsAllowlist = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'mkdocs-allowlist',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        generator: techdocsGeneratorExtensionPoint,
        preparers: techdocsPreparerExtensionPoint,
      },
      async init({ config, logger, urlReader, generator, preparers }) {
        generator.setTechdocsGenerator(
          GuardedTechdocsGenerator.fromConfig(config, { logger }),
        );
        // a change of how the portal builds docs rebuilds every site once
        const buildSettings = JSON.stringify({
          generator:
            config.getOptionalConfig('techdocs.generator')?.get() ?? {},
          techdocsCore: withTechdocsCoreEquivalent({}),
          techdocsCoreParts,
        });
        preparers.registerPreparer(
          'dir',
          new ChangeDetectingDirectoryPreparer(
            DirectoryPreparer.fromConfig(config, { logger, reader: urlReader }),
            buildSettings,
          ),
        );
      },
    });
  },
});
