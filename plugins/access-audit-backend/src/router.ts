import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AccessAuditFindingsResponse,
  accessAuditEntityReadPermission,
  accessAuditFindingsReadPermission,
  FINDING_SEVERITIES,
  FINDING_TYPES,
  FindingSeverity,
  FindingType,
} from '@internal/backstage-plugin-access-audit-common';
import {
  AwsOpsClaimsService,
  entityRefOf,
  readPermittedEntity,
} from '@internal/backstage-plugin-aws-ops-node';
import express from 'express';
import Router from 'express-promise-router';
import { findingsToCsv } from './csv';
import { AccessAuditService } from '@internal/backstage-plugin-access-audit-node';

const FINDINGS_QUERY = new Set([
  'severity',
  'type',
  'system',
  'owner',
  'format',
]);

/** A single string query parameter, or undefined; arrays and objects are bad input. */
function queryString(req: express.Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.trim()) {
    throw new InputError(
      `Query parameter '${name}' must be given once, non-empty`,
    );
  }
  return value.trim();
}

/** A comma-separated list whose items must all be `allowed`. */
function queryList<T extends string>(
  req: express.Request,
  name: string,
  allowed: T[],
): T[] | undefined {
  const value = queryString(req, name);
  if (value === undefined) return undefined;
  const items = value.split(',').map(item => item.trim());
  const unknown = items.filter(item => !allowed.includes(item as T));
  if (unknown.length) {
    throw new InputError(
      `Query parameter '${name}' has unknown value(s) ${unknown.join(
        ', ',
      )}; expected ${allowed.join(', ')}`,
    );
  }
  return items as T[];
}

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

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  service: AccessAuditService;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, claims, service } = options;
  const router = Router();

  // Takes an entity reference only: accounts, regions and secrets are
  // resolved on the server from the entity and the awsOps allowlist.
  router.get('/entities/:kind/:namespace/:name/secrets', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    const auditorEvent = await auditor.createEvent({
      eventId: 'entity-secrets-read',
      request: req,
      meta: { entityRef },
    });
    try {
      const credentials = await httpAuth.credentials(req);
      const entity = await readPermittedEntity({
        entityRef,
        credentials,
        permission: accessAuditEntityReadPermission,
        permissions,
        catalog,
        what: 'the secrets and access',
      });
      const response = await service.getEntityAudit(await claims.grant(entity));
      await auditorEvent.success({
        meta: {
          source: response.source,
          secrets: response.environments.flatMap(e =>
            e.secrets.map(s => s.arn),
          ),
          findings: response.findings.length,
          errors: response.errors.length,
        },
      });
      res.json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

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
      const unknown = Object.keys(req.query).filter(
        k => !FINDINGS_QUERY.has(k),
      );
      if (unknown.length) {
        throw new InputError(
          `Unknown query parameter(s) ${unknown.join(', ')}; expected ${[
            ...FINDINGS_QUERY,
          ].join(', ')}`,
        );
      }
      const filters: AccessAuditFindingsResponse['filters'] = {
        severity: queryList<FindingSeverity>(
          req,
          'severity',
          FINDING_SEVERITIES,
        ),
        type: queryList<FindingType>(req, 'type', FINDING_TYPES),
        system: queryString(req, 'system'),
        owner: queryString(req, 'owner'),
      };
      const exportFormat = queryList(req, 'format', ['csv', 'json']);
      if (exportFormat && exportFormat.length !== 1) {
        throw new InputError(`Query parameter 'format' takes one of csv, json`);
      }
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
          format: exportFormat?.[0] ?? 'page',
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
      if (exportFormat?.[0] === 'csv') {
        res.attachment(`access-audit-findings-${stamp}.csv`);
        res.type('text/csv; charset=utf-8');
        res.send(findingsToCsv(response.findings));
        return;
      }
      if (exportFormat?.[0] === 'json') {
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
