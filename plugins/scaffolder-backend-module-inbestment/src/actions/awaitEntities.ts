import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

const POLL_MS = 2_000;

/**
 * The last step of a new component: the task ends when the catalog lists what the repository's catalog-info.yaml
 * declares, so "Open in catalog" works and the step list does not claim a registration that has not happened. An
 * entity the catalog cannot process never appears; the step then fails and says where its error is.
 */
export function createCatalogAwaitAction(options: {
  catalog: CatalogService;
  pollMs?: number;
}) {
  const { catalog, pollMs = POLL_MS } = options;
  return createTemplateAction({
    id: 'inbestment:catalog:await',
    description:
      'Waits until the catalog lists the given entities (read as the task initiator), or fails after timeoutSeconds naming those still missing. No dry-run: it has nothing to wait for.',
    schema: {
      input: {
        entityRefs: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Entities the published catalog-info.yaml declares'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(600)
            .default(120)
            .describe('How long the catalog may take to process them'),
      },
    },
    async handler(ctx) {
      const { entityRefs, timeoutSeconds } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const started = Date.now();
      ctx.logger.info(
        `Waiting for the catalog to list ${entityRefs.join(', ')}`,
      );
      let missing = entityRefs;
      for (;;) {
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs: missing, fields: ['kind', 'metadata.name'] },
          { credentials },
        );
        missing = missing.filter((_ref, i) => !items[i]);
        const elapsed = Date.now() - started;
        if (missing.length === 0) {
          ctx.logger.info(
            `The catalog lists ${entityRefs.join(', ')} (after ${Math.round(
              elapsed / 1000,
            )} s)`,
          );
          return;
        }
        if (elapsed >= timeoutSeconds * 1000) {
          throw new Error(
            `The catalog has not listed ${missing.join(
              ', ',
            )} after ${timeoutSeconds} s. The repository is published; the reason is on the Unprocessed entities page (/catalog-unprocessed-entities).`,
          );
        }
        if (ctx.signal?.aborted) {
          throw new Error('Cancelled while waiting for the catalog.');
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
      }
    },
  });
}
