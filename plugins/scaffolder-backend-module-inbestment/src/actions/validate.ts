import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { nameTakenError } from '@internal/backstage-plugin-scaffolder-inbestment-common';
import { STORE } from '../names';

const SIMPLE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The `spec.type` of the groups that may own a component (the form's owner picker lists only these). */
const TEAM_TYPE = 'team';

/** Parses a ref the form produced; anything but a plain default-namespace name is refused. */
function parseRef(value: string, kind: string, label: string) {
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${label} "${value}" is not a valid entity reference.`,
    );
  }
  if (
    ref.kind.toLocaleLowerCase('en-US') !== kind ||
    ref.namespace !== 'default' ||
    !SIMPLE_NAME.test(ref.name)
  ) {
    throw new InputError(
      `${label} "${value}" must be a ${kind} in the default namespace with a lower-case hyphenated name.`,
    );
  }
  return stringifyEntityRef(ref);
}

export function createCatalogValidateAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'inbestment:catalog:validate',
    description:
      'Checks template input against the catalog: a new component name must not be used by any component, API, resource or system, an existing component must exist, the owner must be a team (a Group of spec.type team) and the system must exist.',
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe('Component name or reference (component:default/x)'),
        expect: z =>
          z
            .enum(['absent', 'present'])
            .describe(
              'absent for a new component, present for an existing one',
            ),
        owner: z => z.string().optional().describe('Owner team reference'),
        system: z => z.string().optional().describe('System reference'),
      },
      output: {
        name: z => z.string(),
        type: z => z.string().optional(),
        owner: z => z.string().optional(),
        repoOwner: z => z.string().optional(),
        repoName: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const componentRef = parseRef(ctx.input.name, 'component', 'Component');
      const name = parseEntityRef(componentRef).name;

      if (ctx.input.owner !== undefined) {
        const ownerRef = parseRef(ctx.input.owner, 'group', 'Owner');
        const owner = await catalog.getEntityByRef(ownerRef, { credentials });
        if (owner?.spec?.type !== TEAM_TYPE) {
          throw new InputError(
            `Owner "${ownerRef}" is not a team in the catalog; pick one of the store's teams.`,
          );
        }
        ctx.logger.info(`Owner ${ownerRef} is a team`);
      }
      if (ctx.input.system !== undefined) {
        const systemRef = parseRef(ctx.input.system, 'system', 'System');
        if (!(await catalog.getEntityByRef(systemRef, { credentials }))) {
          throw new InputError(
            `System "${systemRef}" does not exist in the catalog.`,
          );
        }
        ctx.logger.info(`System ${systemRef} exists`);
      }

      if (ctx.input.expect === 'absent') {
        // The same check as the form field's, repeated here: the form can be skipped (API calls, stale tabs).
        const taken = await nameTakenError(name, request =>
          catalog.getEntities(request, { credentials }),
        );
        if (taken) {
          throw new ConflictError(taken);
        }
        ctx.logger.info(
          `No component, API, resource or system is named ${name}`,
        );
        ctx.output('name', name);
        return;
      }

      const existing = await catalog.getEntityByRef(componentRef, {
        credentials,
      });
      if (!existing) {
        throw new NotFoundError(
          `There is no component "${name}" in the catalog.`,
        );
      }
      const type = String(existing.spec?.type ?? '');
      if (type !== 'service' && type !== 'website') {
        throw new InputError(
          `Component "${name}" has type "${type}"; only services and websites (micro-frontends) are supported.`,
        );
      }
      const slug =
        existing.metadata.annotations?.['github.com/project-slug'] ??
        `${STORE.githubOrg}/${name}`;
      const [repoOwner, repoName] = slug.split('/');
      if (
        !repoOwner ||
        !repoName ||
        !SIMPLE_NAME.test(repoName.toLocaleLowerCase('en-US'))
      ) {
        throw new InputError(
          `Component "${name}" has an unusable github.com/project-slug "${slug}".`,
        );
      }
      ctx.logger.info(`Found ${componentRef} (${type}), repository ${slug}`);
      ctx.output('name', name);
      ctx.output('type', type);
      ctx.output('owner', String(existing.spec?.owner ?? ''));
      ctx.output('repoOwner', repoOwner);
      ctx.output('repoName', repoName);
    },
  });
}
