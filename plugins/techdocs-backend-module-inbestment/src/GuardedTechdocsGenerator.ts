import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  GeneratorRunOptions,
  TechdocsGenerator,
} from '@backstage/plugin-techdocs-node';
import { findDocsFolderViolations } from './docsFolder';
import { MkdocsViolation } from './mkdocsConfig';

/** The refusal shown on the docs page (TechDocs sends the message as the build error). */
export function refusalMessage(
  docsName: string | undefined,
  violations: MkdocsViolation[],
) {
  const settings = violations
    .map(({ setting, reason }) => `"${setting}" (${reason})`)
    .join('; ');
  return `TechDocs refused to build the docs${
    docsName ? ` of "${docsName}"` : ''
  }: settings outside the portal's mkdocs allowlist: ${settings}.`;
}

/**
 * Backstage's TechDocs generator, run only on docs folders that pass the
 * mkdocs allowlist. The check runs on the prepared folder right before
 * Backstage's own steps and `mkdocs build`, so it covers every preparer.
 */
export class GuardedTechdocsGenerator extends TechdocsGenerator {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): GuardedTechdocsGenerator {
    return new GuardedTechdocsGenerator({
      logger: options.logger,
      config,
      scmIntegrations: ScmIntegrations.fromConfig(config),
    });
  }

  async run(options: GeneratorRunOptions): Promise<void> {
    const violations = await findDocsFolderViolations(options.inputDir);
    if (violations.length > 0) {
      // siteOptions.name is the entity's title or name; TechDocs adds the entity ref to the build log
      throw new NotAllowedError(
        refusalMessage(options.siteOptions?.name, violations),
      );
    }
    await super.run(options);
  }
}
