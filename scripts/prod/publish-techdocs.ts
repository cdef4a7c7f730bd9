/*
 * What a docs pipeline does for production (`techdocs.builder: external`):
 * builds every store service's docs with the portal's own TechDocs generator
 * (the mkdocs allowlist module, Debian's mkdocs) and publishes them to the
 * TechDocs bucket with TechDocs' S3 publisher. Reads the same config files as
 * the replicas, so in the local production run the bucket is moto's.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs scripts/prod/publish-techdocs.ts
 *   (environment as scripts/start-prod.sh sets it)
 */
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { Entity } from '@backstage/catalog-model';
import { Publisher } from '@backstage/plugin-techdocs-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import winston from 'winston';
import yaml from 'yaml';
import { GuardedTechdocsGenerator } from '../../plugins/techdocs-backend-module-inbestment/src/GuardedTechdocsGenerator';

const REPO = path.resolve(__dirname, '../..');

async function main() {
  const started = Date.now();
  const { appConfigs } = await loadConfig({
    configRoot: REPO,
    configTargets: [
      'app-config.yaml',
      'app-config.production.yaml',
      'app-config.local-production.yaml',
    ].map(file => ({ path: path.join(REPO, file) })),
  });
  const config = ConfigReader.fromConfigs(appConfigs);
  const logger = winston.createLogger({
    level: 'warn',
    transports: [new winston.transports.Console()],
  });
  const serviceLogger = {
    error: (message: string, meta?: object) => logger.error(message, meta),
    warn: (message: string, meta?: object) => logger.warn(message, meta),
    info: (message: string, meta?: object) => logger.info(message, meta),
    debug: (message: string, meta?: object) => logger.debug(message, meta),
    child: () => serviceLogger,
  };
  const generator = GuardedTechdocsGenerator.fromConfig(config, {
    logger: serviceLogger,
  });
  const publisher = await Publisher.fromConfig(config, {
    logger: serviceLogger,
    discovery: {
      getBaseUrl: async plugin => `http://127.0.0.1/api/${plugin}`,
      getExternalBaseUrl: async plugin => `http://127.0.0.1/api/${plugin}`,
    },
  });

  const servicesDir = path.join(REPO, 'store-services');
  let published = 0;
  for (const name of fs.readdirSync(servicesDir).sort()) {
    const dir = path.join(servicesDir, name);
    const catalogFile = path.join(dir, 'catalog-info.yaml');
    if (!fs.existsSync(catalogFile)) continue;
    const entity = yaml
      .parseAllDocuments(fs.readFileSync(catalogFile, 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .find(
        e =>
          e?.kind === 'Component' &&
          e.metadata.annotations?.['backstage.io/techdocs-ref'] === 'dir:.',
      );
    if (!entity) continue;
    entity.metadata.namespace ??= 'default';
    const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'techdocs-site-'));
    try {
      await generator.run({
        inputDir: dir,
        outputDir,
        parsedLocationAnnotation: { type: 'dir', target: dir },
        etag: `local-${started}`,
        logger,
        siteOptions: { name: entity.metadata.title ?? entity.metadata.name },
      });
      await publisher.publish({ entity, directory: outputDir });
      published++;
    } finally {
      fs.rmSync(outputDir, { recursive: true, force: true });
    }
  }
  console.log(
    `[techdocs] ${published} sites built and published in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
}

main().catch(error => {
  console.error('[techdocs]', error);
  process.exit(1);
});
