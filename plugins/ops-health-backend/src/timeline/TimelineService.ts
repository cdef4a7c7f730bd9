import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import {
  AwsOpsResponse,
  AwsOpsSource,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsClaimsService,
  oldestStale,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsReadPermission } from '@internal/backstage-plugin-eks-common';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import {
  AlarmsHealth,
  EntityTimelineResponse,
  HealthSignal,
  TIMELINE_WINDOW_MS,
  TimelineCorrelation,
  TimelineEvent,
  TimelineWindow,
} from '@internal/backstage-plugin-ops-health-common';
import { wafEventsReadPermission } from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import { readCatalogChanges } from './catalogChanges';
import { correlate } from './correlate';
import { alarmEvent, rolloutEvent, spikeEvent, versionEvent } from './events';

/** What one source contributed: its events, and the response fields every AWS ops read carries. */
interface SourceRead {
  events: TimelineEvent[];
  response?: AwsOpsResponse;
  errors: EntityTimelineResponse['errors'];
}

type Range = { start: number; end: number };

/**
 * One component's changes on one time axis: its rollouts and the rollouts of
 * the components it depends on, its alarm state changes, WAF spikes, EKS
 * version changes and template runs, each read through the service the
 * component's own tab reads (so caching, claims and quotas are theirs), and
 * the correlations the rule finds between its alarms and those rollouts.
 *
 * Each source needs its own permission on the component it belongs to, as on
 * the component's tabs: a source the viewer may not read is listed in
 * `denied` (or, for a dependency, left out), never read.
 */
export class TimelineService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      claims: AwsOpsClaimsService;
      deployments: EksDeploymentsService;
      alarms: CloudWatchAlarmsService;
      waf: WafEventsService;
      scaffolder: ScaffolderService;
      clock: () => number;
      /** How long after a rollout's start an alarm is said to follow it. */
      correlationWindowMinutes: number;
    },
  ) {}

  /** The timeline of `entity` (already read with the viewer's credentials) over the window. */
  async getTimeline(
    entity: Entity,
    credentials: BackstageCredentials,
    window: TimelineWindow,
  ): Promise<EntityTimelineResponse> {
    const { clock, correlationWindowMinutes } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const end = clock();
    const range = { start: end - TIMELINE_WINDOW_MS[window], end };
    // Rollouts from one correlation window earlier: an alarm at the start of the range may follow one.
    const rolloutRange = {
      start: range.start - correlationWindowMinutes * 60_000,
      end,
    };

    const candidates = await this.dependenciesOf(entity, credentials);
    const allowed = await this.allowedSources(
      entityRef,
      candidates.map(d => stringifyEntityRef(d)),
      credentials,
    );
    const ownSignals = signalsOf(entity);
    const denied = ownSignals.filter(s => !allowed.own.has(s));
    const dependencies = candidates.filter(
      d => isService(d) && allowed.dependencies.has(stringifyEntityRef(d)),
    );

    const reads: Promise<SourceRead>[] = [];
    if (allowed.own.has('alarms')) {
      reads.push(this.readAlarms(entity, entityRef, range));
    }
    if (allowed.own.has('deployments') && isService(entity)) {
      reads.push(this.readDeployments(entity, rolloutRange, true));
    }
    if (allowed.own.has('waf')) reads.push(this.readWaf(entity, range));
    for (const dependency of dependencies) {
      reads.push(this.readDeployments(dependency, rolloutRange, false));
    }
    reads.push(this.readCatalog([entity, ...candidates], credentials, range));
    const results = await Promise.all(reads);

    const all = dedupe(results.flatMap(r => r.events));
    const correlations = correlate(entityRef, all, correlationWindowMinutes);
    const correlated = new Set(correlations.map(c => c.rolloutEventId));
    const events = all
      .filter(
        e => Date.parse(e.endAt ?? e.at) >= range.start || correlated.has(e.id),
      )
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

    const responses = results
      .map(r => r.response)
      .filter((r): r is AwsOpsResponse => r !== undefined);
    const fetched = responses.map(r => Date.parse(r.fetchedAt));
    const stale = oldestStale(responses);
    return {
      source: sourceOf(responses),
      fetchedAt: new Date(
        fetched.length ? Math.min(...fetched) : end,
      ).toISOString(),
      errors: results.flatMap(r => r.errors),
      ...(stale ? { stale } : {}),
      entityRef,
      window,
      start: new Date(range.start).toISOString(),
      end: new Date(range.end).toISOString(),
      correlationWindowMinutes,
      dependencies: dependencies.map(d => stringifyEntityRef(d)),
      events,
      correlations,
      denied,
    };
  }

  /**
   * The correlations of the alarms a component has in ALARM now, for the
   * health overview's row: the same rule on the alarms' ALARM transitions
   * (their state-updated times, from the summary the overview already read)
   * and the rollouts of the component and its dependencies. Read with the
   * overview's own credentials; the overview keeps a correlation for a viewer
   * only when they may read both the alarm and the rollout.
   */
  async firingCorrelations(
    entity: Entity,
    alarming: AlarmsHealth['alarming'],
    credentials: BackstageCredentials,
  ): Promise<TimelineCorrelation[]> {
    if (alarming.length === 0) return [];
    const { correlationWindowMinutes, clock } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const firstFired = Math.min(...alarming.map(a => Date.parse(a.since)));
    const range = {
      start: firstFired - correlationWindowMinutes * 60_000,
      end: clock(),
    };
    const components = [
      entity,
      ...(await this.dependenciesOf(entity, credentials)),
    ].filter(isService);
    const rollouts = await Promise.all(
      components.map(c =>
        this.readDeployments(c, range, false).then(r => r.events),
      ),
    );
    const alarms = alarming.map(a =>
      alarmEvent(entityRef, {
        alarmName: a.name,
        environment: a.environment,
        timestamp: a.since,
        from: 'OK',
        to: 'ALARM',
        reason: '',
        consoleUrl: '',
      }),
    );
    return correlate(
      entityRef,
      [...alarms, ...rollouts.flat()],
      correlationWindowMinutes,
    );
  }

  /**
   * The components `entity` depends on, as the viewer can read them: the
   * components of its `dependsOn` relations and the providers of the APIs it
   * consumes.
   */
  async dependenciesOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { catalog } = this.options;
    const self = stringifyEntityRef(entity);
    const targets = (type: string, kind: string) =>
      (entity.relations ?? [])
        .filter(
          r => r.type === type && parseEntityRef(r.targetRef).kind === kind,
        )
        .map(r => r.targetRef);
    const apiRefs = targets(RELATION_CONSUMES_API, 'api');
    const providers = apiRefs.length
      ? (
          await catalog.getEntitiesByRefs(
            { entityRefs: apiRefs, fields: ['relations'] },
            { credentials },
          )
        ).items.flatMap(api =>
          (api?.relations ?? [])
            .filter(r => r.type === RELATION_API_PROVIDED_BY)
            .map(r => r.targetRef),
        )
      : [];
    const refs = [
      ...new Set([...targets(RELATION_DEPENDS_ON, 'component'), ...providers]),
    ]
      .filter(ref => ref !== self && ref.startsWith('component:'))
      .sort();
    if (refs.length === 0) return [];
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    return items.filter((e): e is Entity => e !== undefined);
  }

  /** The viewer's sources on the component, and the dependencies whose rollouts they may read, in one call. */
  private async allowedSources(
    entityRef: string,
    dependencyRefs: string[],
    credentials: BackstageCredentials,
  ) {
    const own: [HealthSignal, typeof eksDeploymentsReadPermission][] = [
      ['alarms', cloudWatchAlarmsReadPermission],
      ['deployments', eksDeploymentsReadPermission],
      ['waf', wafEventsReadPermission],
    ];
    const decisions = await this.options.permissions.authorize(
      [
        ...own.map(([, permission]) => ({
          permission,
          resourceRef: entityRef,
        })),
        ...dependencyRefs.map(resourceRef => ({
          permission: eksDeploymentsReadPermission,
          resourceRef,
        })),
      ],
      { credentials },
    );
    const allows = (i: number) => decisions[i].result === AuthorizeResult.ALLOW;
    return {
      own: new Set(own.filter((_, i) => allows(i)).map(([signal]) => signal)),
      dependencies: new Set(
        dependencyRefs.filter((_, i) => allows(own.length + i)),
      ),
    };
  }

  private async readAlarms(
    entity: Entity,
    entityRef: string,
    range: Range,
  ): Promise<SourceRead> {
    return this.read('alarms', async () => {
      const response = await this.options.alarms.getAlarmHistory(
        await this.options.claims.grant(entity),
        range,
      );
      return {
        response,
        events: response.changes
          .filter(c => Date.parse(c.timestamp) >= range.start)
          .map(c => alarmEvent(entityRef, c)),
      };
    });
  }

  /** Rollouts of a component, and for the viewed one also its clusters' version changes. */
  private async readDeployments(
    entity: Entity,
    range: Range,
    withVersions: boolean,
  ): Promise<SourceRead> {
    const entityRef = stringifyEntityRef(entity);
    return this.read('deployments', async () => {
      const response = await this.options.deployments.getChanges(
        await this.options.claims.grant(entity),
        range,
      );
      return {
        response,
        events: [
          ...response.rollouts.map(r => rolloutEvent(entityRef, r)),
          ...(withVersions
            ? response.versionChanges.map(v => versionEvent(entityRef, v))
            : []),
        ],
      };
    });
  }

  private async readWaf(entity: Entity, range: Range): Promise<SourceRead> {
    const entityRef = stringifyEntityRef(entity);
    return this.read('waf', async () => {
      const response = await this.options.waf.getEntitySpikes(
        await this.options.claims.grant(entity),
        range,
      );
      return {
        response,
        events: response.spikes.map(s =>
          spikeEvent(entityRef, s, response.webAcl),
        ),
      };
    });
  }

  private async readCatalog(
    components: Entity[],
    credentials: BackstageCredentials,
    range: Range,
  ): Promise<SourceRead> {
    try {
      return {
        events: await readCatalogChanges({
          scaffolder: this.options.scaffolder,
          credentials,
          components,
          range,
        }),
        errors: [],
      };
    } catch (error) {
      return {
        events: [],
        errors: [{ ...toErrorEntry({}, error), signal: 'catalog' }],
      };
    }
  }

  /** One source's read, its failures next to the data the others loaded. */
  private async read(
    signal: HealthSignal,
    load: () => Promise<{ response: AwsOpsResponse; events: TimelineEvent[] }>,
  ): Promise<SourceRead> {
    try {
      const { response, events } = await load();
      return {
        response,
        events,
        errors: response.errors.map(e => ({ ...e, signal })),
      };
    } catch (error) {
      return { events: [], errors: [{ ...toErrorEntry({}, error), signal }] };
    }
  }
}

/** Websites are static: no deployments, so no rollouts. */
function isService(entity: Entity): boolean {
  return entity.spec?.type === 'service';
}

function signalsOf(entity: Entity): HealthSignal[] {
  return isService(entity)
    ? ['alarms', 'deployments', 'waf']
    : ['alarms', 'waf'];
}

function sourceOf(responses: AwsOpsResponse[]): AwsOpsSource {
  return responses.some(r => r.source === 'demo') ? 'demo' : 'aws';
}

/** The same change read twice (a cluster's version change seen through two components) is one event. */
function dedupe(events: TimelineEvent[]): TimelineEvent[] {
  const byId = new Map<string, TimelineEvent>();
  for (const event of events) {
    if (!byId.has(event.id)) byId.set(event.id, event);
  }
  return [...byId.values()];
}
