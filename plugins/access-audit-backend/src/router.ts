import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  accessAuditEntityReadPermission,
  accessAuditFindingsReadPermission,
  FINDING_SEVERITIES,
  FINDING_TYPES,
} from '@internal/backstage-plugin-access-audit-common';
import {
  addEntityRoute,
  AwsOpsClaimsService,
  EntityRouteServices,
  parseQuery,
} from '@internal/backstage-plugin-aws-ops-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AccessAuditService } from '@internal/backstage-plugin-access-audit-node';
import { findingsToCsv } from './csv';

/** A query parameter given once, non-empty (Express makes a repeated one an array). */
const single = (name: string) => {
  const message = `Query parameter '${name}' must be given once, non-empty`;
  return z.string({ error: message }).trim().min(1, { error: message });
};

/** A comma-separated list whose items must all be `allowed`. */
const list = <T extends string>(name: string, allowed: readonly T[]) =>
  single(name).transform((value, ctx) => {
    const items = value.split(',').map(item => item.trim());
    const unknown = items.filter(item => !allowed.includes(item as T));
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Query parameter '${name}' has unknown value(s) ${unknown.join(
          ', ',
        )}; expected ${allowed.join(', ')}`,
      });
      return z.NEVER;
    }
    return items as T[];
  });

const findingsQuerySchema = z.strictObject(
  {
    severity: list('severity', FINDING_SEVERITIES).optional(),
    type: list('type', FINDING_TYPES).optional(),
    system: single('system').optional(),
    owner: single('owner').optional(),
    format: single('format')
      .pipe(
        z.enum(['csv', 'json'], {
          error: "Query parameter 'format' takes one of csv, json",
        }),
      )
      .optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `Unknown query parameter(s) ${issue.keys.join(
            ', ',
          )}; expected severity, type, system, owner, format`
        : undefined,
  },
);

/** `team-a`, `group:team-a` and `group:default/team-a` name the same owner. */
function sameRef(a: string | undefined, b: string, defaultKind: string) {
  if (!a) return false;
  try {
    const norm = (ref: string) =>
      stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
      );
    return norm(a) === norm(b);
  } catch {
    return false;
  }
}

export async function createRouter(
  options: EntityRouteServices & {
    claims: AwsOpsClaimsService;
    service: AccessAuditService;
  },
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, claims, service } = options;
  const router = Router();

  // Takes an entity reference only: accounts, regions and secrets are
  // resolved on the server from the entity and the awsOps allowlist.
  addEntityRoute(
    router,
    { httpAuth, permissions, auditor, catalog },
    {
      path: '/secrets',
      permission: accessAuditEntityReadPermission,
      what: 'the secrets and access',
      eventId: 'entity-secrets-read',
      read: async ({ entity }) =>
        service.getEntityAudit(await claims.grant(entity)),
      auditMeta: response => ({
        source: response.source,
        secrets: response.environments.flatMap(e => e.secrets.map(s => s.arn)),
        findings: response.findings.length,
        errors: response.errors.length,
      }),
    },
  );

  router.get('/findings', async (req, res) => {
    const format =
      typeof req.query.format === 'string' ? req.query.format : undefined;
    const auditorEvent = await auditor.createEvent({
      eventId: 'findings-read',
      // An export leaves the portal as an audit record: worth a closer look.
      severityLevel: format ? 'medium' : 'low',
      request: req,
      meta: { query: req.query },
    });
    try {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [{ permission: accessAuditFindingsReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Not allowed to read the store-wide access-audit findings',
        );
      }
      const { format: exportFormat, ...filters } = parseQuery(
        findingsQuerySchema,
        req.query,
      );
      const { items } = await catalog.getEntities(
        { filter: { kind: 'Component' } },
        { credentials },
      );
      const components = items.filter(
        (entity: Entity) =>
          (!filters.system ||
            sameRef(entity.spec?.system as string, filters.system, 'system')) &&
          (!filters.owner ||
            sameRef(entity.spec?.owner as string, filters.owner, 'group')),
      );
      // Each component shows only the secrets and role it holds a claim on.
      const response = await service.getStoreFindings(
        await Promise.all(components.map(entity => claims.grant(entity))),
        filters,
      );
      await auditorEvent.success({
        meta: {
          source: response.source,
          format: exportFormat ?? 'page',
          components: response.components,
          findings: response.findings.length,
          errors: response.errors.length,
        },
      });
      const stamp = response.fetchedAt.replace(/[:.]/g, '-');
      if (exportFormat) {
        // The app runs on another origin in development: let it read the file name.
        res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
      }
      if (exportFormat === 'csv') {
        res.attachment(`access-audit-findings-${stamp}.csv`);
        res.type('text/csv; charset=utf-8');
        res.send(findingsToCsv(response.findings));
        return;
      }
      if (exportFormat === 'json') {
        res.attachment(`access-audit-findings-${stamp}.json`);
      }
      res.json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
