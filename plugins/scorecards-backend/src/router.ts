import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  addEntityRoute,
  parseQuery,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  EntityScorecardResponse,
  isScoredEntity,
  SCORED_ENTITY_FILTER,
  scorecardsEntityReadPermission,
  scorecardsStoreReadPermission,
  StoreScorecardsResponse,
  TeamLevelSummary,
  TeamScorecardsResponse,
} from '@internal/backstage-plugin-scorecards-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { scorecardsToCsv } from './csv';
import { rankScorecards } from './service/score';
import { ScorecardService } from './service/ScorecardService';

const storeQuerySchema = z.strictObject(
  {
    format: z
      .enum(['csv', 'json'], {
        error: "Query parameter 'format' takes one of csv, json",
      })
      .optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `Unknown query parameter(s) ${issue.keys.join(', ')}; expected format`
        : undefined,
  },
);

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  scorecards: ScorecardService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, scorecards } = options;
  const router = Router();

  /** The entities among `entities` whose scorecard the caller may read (one policy call). */
  const readable = async (
    entities: Entity[],
    credentials: BackstageCredentials,
  ) => {
    const decisions = entities.length
      ? await permissions.authorize(
          entities.map(entity => ({
            permission: scorecardsEntityReadPermission,
            resourceRef: stringifyEntityRef(entity),
          })),
          { credentials },
        )
      : [];
    return entities.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  };

  addEntityRoute<{}, EntityScorecardResponse>(
    router,
    { httpAuth, permissions, auditor, catalog },
    {
      path: '',
      permission: scorecardsEntityReadPermission,
      what: 'the scorecard',
      eventId: 'scorecard-read',
      async read({ entity, entityRef }) {
        if (!isScoredEntity(entity)) {
          throw new NotFoundError(
            `${entityRef} has no scorecard: the scorecard scores components of type service`,
          );
        }
        const result = await scorecards.getScorecards([entity]);
        const [scorecard] = result.scorecards;
        if (!scorecard) {
          throw new ServiceUnavailableError(
            `The scorecard of ${entityRef} could not be read: ${result.errors
              .map(error => error.message)
              .join('; ')}`,
          );
        }
        return { levels: scorecards.levels, scorecard };
      },
      auditMeta: ({ scorecard }) => ({ level: scorecard.level }),
    },
  );

  router.get('/teams/:namespace/:name', async (req, res) => {
    const teamRef = stringifyEntityRef({
      kind: 'group',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const auditorEvent = await auditor.createEvent({
      eventId: 'scorecard-team-read',
      request: req,
      meta: { entityRef: teamRef },
    });
    try {
      const credentials = await httpAuth.credentials(req);
      const team = await catalog.getEntityByRef(teamRef, { credentials });
      if (!team) throw new NotFoundError(`Entity ${teamRef} not found`);
      const { items } = await catalog.getEntities(
        {
          filter: {
            ...SCORED_ENTITY_FILTER,
            [`relations.${RELATION_OWNED_BY}`]: teamRef,
          },
        },
        { credentials },
      );
      const { scorecards: cards, errors } = await scorecards.getScorecards(
        await readable(items, credentials),
      );
      const response: TeamScorecardsResponse = {
        team: {
          entityRef: teamRef,
          title: team.metadata.title ?? team.metadata.name,
        },
        levels: scorecards.levels,
        services: rankScorecards(scorecards.levels, cards),
        errors,
      };
      await auditorEvent.success({
        meta: { services: response.services.length, errors: errors.length },
      });
      res.json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/services', async (req, res) => {
    const auditorEvent = await auditor.createEvent({
      eventId: 'scorecard-store-read',
      request: req,
    });
    try {
      const { format } = parseQuery(storeQuerySchema, req.query);
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [{ permission: scorecardsStoreReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Not allowed to read the store-wide scorecards (scorecards.store.read)',
        );
      }
      const { items } = await catalog.getEntities(
        { filter: SCORED_ENTITY_FILTER },
        { credentials },
      );
      const { scorecards: cards, errors } = await scorecards.getScorecards(
        await readable(items, credentials),
      );
      // Each check's facts, links and texts stay on the service's card: at
      // hundreds of services they are most of the bytes.
      const services = rankScorecards(scorecards.levels, cards).map(card => ({
        ...card,
        checks: card.checks.map(({ id, name, level, source, outcome }) => ({
          id,
          name,
          level,
          source,
          outcome,
        })),
      }));
      const response: StoreScorecardsResponse = {
        levels: scorecards.levels,
        services,
        teams: await teamSummaries(services, credentials),
        errors,
      };
      await auditorEvent.success({
        meta: {
          format: format ?? 'page',
          services: services.length,
          errors: errors.length,
        },
      });
      if (format) {
        // The app runs on another origin in development: let it read the file name.
        res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
      }
      if (format === 'csv') {
        res.attachment(
          `scorecards-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`,
        );
        res.type('text/csv; charset=utf-8');
        res.send(
          scorecardsToCsv(response.levels, response.services, response.teams),
        );
        return;
      }
      res.json(response);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  /** Services per level for each owning team, teams by title. */
  async function teamSummaries(
    services: StoreScorecardsResponse['services'],
    credentials: BackstageCredentials,
  ): Promise<TeamLevelSummary[]> {
    const owners = [
      ...new Set(services.flatMap(card => (card.owner ? [card.owner] : []))),
    ];
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: owners,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      },
      { credentials },
    );
    return owners
      .map((owner, i) => {
        const own = services.filter(card => card.owner === owner);
        const byLevel: Record<string, number> = { none: 0 };
        for (const level of scorecards.levels) byLevel[level.id] = 0;
        for (const card of own) byLevel[card.level ?? 'none'] += 1;
        return {
          team: owner,
          title: items[i]?.metadata.title ?? items[i]?.metadata.name ?? owner,
          services: own.length,
          byLevel,
        };
      })
      .sort((a, b) => a.title.localeCompare(b.title, 'en-US'));
  }

  return router;
}
