import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techdocsGeneratorExtensionPoint } from '@backstage/plugin-techdocs-node';
import { GuardedTechdocsGenerator } from './GuardedTechdocsGenerator';

/** Replaces TechDocs' generator with one that refuses mkdocs configs outside the allowlist. */
export const techdocsModuleMkdocsAllowlist = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'mkdocs-allowlist',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        generator: techdocsGeneratorExtensionPoint,
      },
      async init({ config, logger, generator }) {
        generator.setTechdocsGenerator(
          GuardedTechdocsGenerator.fromConfig(config, { logger }),
        );
      },
    });
  },
});
