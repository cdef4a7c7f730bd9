import path from 'node:path';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/** The skeleton pieces under the shared folder; an enum, so no input can name any other path. */
export const SHARED_PIECES = [
  'pipeline/github-actions',
  'pipeline/codebuild',
  'deploy/service',
  'deploy/website',
  'terraform/common',
  'terraform/service',
  'terraform/website',
] as const;

/**
 * Renders shared skeleton pieces with the scaffolder's own fetch:template.
 *
 * Why not `fetch:template` with `url: ../shared/...`: for templates registered from files (the embedded default)
 * and for dry-runs (which receive only the template's own folder) fetch:template refuses paths outside the
 * template's folder. The pieces are therefore read from a configured folder that ships with the portal.
 */
export function createFetchSharedAction(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  sharedDir: string;
}) {
  const fetchTemplate = createFetchTemplateAction({
    reader: options.reader,
    integrations: options.integrations,
  });
  return createTemplateAction({
    id: 'inbestment:fetch:shared',
    description:
      'Renders shared skeleton pieces (pipelines, deploy scripts, Terraform) into the workspace root. Only files ending in .njk are templated (the suffix is dropped); the rest, e.g. workflow expressions, is copied as is.',
    supportsDryRun: true,
    schema: {
      input: {
        pieces: z =>
          z
            .array(z.enum(SHARED_PIECES))
            .min(1)
            .describe('Pieces to render, in order'),
        values: z =>
          z
            .record(z.string(), z.unknown())
            .describe('Values available as ${{ values.* }}'),
      },
    },
    async handler(ctx) {
      for (const piece of ctx.input.pieces) {
        const pieceDir = path.resolve(options.sharedDir, piece);
        ctx.logger.info(`Rendering shared piece ${piece}`);
        await fetchTemplate.handler({
          ...ctx,
          input: {
            url: '.',
            values: ctx.input.values,
            templateFileExtension: true,
          },
          // fetch:template resolves `url` against the folder of the template file, so point it at the piece.
          templateInfo: {
            ...ctx.templateInfo,
            entityRef: ctx.templateInfo?.entityRef ?? '',
            baseUrl: `file://${path.join(pieceDir, 'template.yaml')}`,
          },
        });
      }
    },
  });
}
