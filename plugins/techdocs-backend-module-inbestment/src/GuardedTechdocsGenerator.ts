import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  GeneratorRunOptions,
  TechdocsGenerator,
} from '@backstage/plugin-techdocs-node';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { stringify } from 'yaml';
import {
  exists,
  findDocsFolderViolations,
  mkdocsConfigFileNames,
} from './docsFolder';
import { checkMkdocsConfig, MkdocsViolation } from './mkdocsConfig';
import {
  listsTechdocsCore,
  techdocsCorePlugin,
  techdocsMetadata,
  withTechdocsCoreEquivalent,
} from './techdocsCore';

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

const omitTechdocsCoreKey = 'techdocs.generator.mkdocs.omitTechdocsCorePlugin';

/** Files next to the config that Backstage's generator may read (legacyCopyReadmeMdToIndexMd). */
const readmeFileNames = ['README.md', 'readme.md'];

/**
 * Backstage's TechDocs generator, run only on docs folders that pass the
 * mkdocs allowlist, on a copy of the docs, with techdocs-core's settings
 * written out for Debian's mkdocs (see techdocsCore.ts).
 *
 * The check runs on the prepared folder, so it covers every preparer. The
 * build runs on a copy because Backstage's generator rewrites the config in
 * place, and for `dir:` docs the prepared folder is the entity's own folder.
 */
export class GuardedTechdocsGenerator extends TechdocsGenerator {
  /** Whether Backstage would add techdocs-core to configs that do not list it (its default). */
  private readonly addsTechdocsCore: boolean;

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

  constructor(options: ConstructorParameters<typeof TechdocsGenerator>[0]) {
    // Backstage's own steps must not add the real plugin: the copy gets its settings instead.
    super({
      ...options,
      config: ConfigReader.fromConfigs([
        { context: 'app-config', data: options.config.get() },
        {
          context: 'techdocs-core equivalent',
          data: {
            techdocs: {
              generator: { mkdocs: { omitTechdocsCorePlugin: true } },
            },
          },
        },
      ]),
    });
    this.addsTechdocsCore =
      !options.config.getOptionalBoolean(omitTechdocsCoreKey);
  }

  async run(options: GeneratorRunOptions): Promise<void> {
    const violations = await findDocsFolderViolations(options.inputDir);
    if (violations.length > 0) {
      // siteOptions.name is the entity's title or name; TechDocs adds the entity ref to the build log
      throw new NotAllowedError(
        refusalMessage(options.siteOptions?.name, violations),
      );
    }
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-input-'));
    try {
      await this.prepareCopy(options.inputDir, copy, options.siteOptions?.name);
      await super.run({ ...options, inputDir: copy });
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  }

  /**
   * Copies the config and the docs folder (all mkdocs reads) and writes the
   * config Backstage's generator would pick (mkdocs.yaml before mkdocs.yml, a
   * default one when there is none) with techdocs-core's settings.
   */
  private async prepareCopy(
    inputDir: string,
    copy: string,
    siteName: string | undefined,
  ) {
    let configFile: string | undefined;
    for (const fileName of mkdocsConfigFileNames) {
      if (await exists(path.join(inputDir, fileName))) {
        await fs.copyFile(
          path.join(inputDir, fileName),
          path.join(copy, fileName),
        );
        configFile ??= fileName;
      }
    }
    for (const fileName of readmeFileNames) {
      if (await exists(path.join(inputDir, fileName))) {
        await fs.copyFile(
          path.join(inputDir, fileName),
          path.join(copy, fileName),
        );
      }
    }
    // already checked by findDocsFolderViolations, so it parses without violations
    const config = configFile
      ? checkMkdocsConfig(
          await fs.readFile(path.join(copy, configFile), 'utf8'),
          configFile,
        ).config ?? {}
      : {
          site_name: siteName ?? 'Documentation Site',
          docs_dir: 'docs',
          plugins: [techdocsCorePlugin],
        };
    const docsDir = String(config.docs_dir ?? 'docs');
    if (await exists(path.join(inputDir, docsDir))) {
      await fs.cp(path.join(inputDir, docsDir), path.join(copy, docsDir), {
        recursive: true,
        verbatimSymlinks: true,
      });
    }
    if (!this.addsTechdocsCore && !listsTechdocsCore(config)) {
      return; // as Backstage with omitTechdocsCorePlugin: the config as it is
    }
    await fs.writeFile(
      path.join(copy, configFile ?? 'mkdocs.yml'),
      stringify(withTechdocsCoreEquivalent(config)),
    );
    // techdocs-core renders this from a static template; mkdocs copies it from the docs folder
    await fs.mkdir(path.join(copy, docsDir), { recursive: true });
    await fs.writeFile(
      path.join(copy, docsDir, 'techdocs_metadata.json'),
      JSON.stringify(techdocsMetadata(config)),
    );
  }
}
