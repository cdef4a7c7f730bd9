import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  GroupEntity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PermissionCriteria,
  PermissionCondition,
  PolicyDecision,
  QueryPermissionResponse,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AwsOpsErrorEntry,
  AwsOpsStale,
  AwsOpsSource,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsClaimsService,
  GrantedClaims,
  oldestStale,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsReadPermission } from '@internal/backstage-plugin-eks-common';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import {
  AlarmsHealth,
  ComponentHealth,
  DeploymentsHealth,
  HEALTH_LEVEL_ORDER,
  HealthOverviewResponse,
  HealthSignal,
  OwnerContact,
  SystemLabel,
  TimelineCorrelation,
  WafHealth,
} from '@internal/backstage-plugin-ops-health-common';
import { wafEventsReadPermission } from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import { TimelineService } from '../timeline/TimelineService';
import {
  alarmsHealthOf,
  assessHealth,
  deploymentsHealthOf,
  wafHealthOf,
} from './assess';

/** Where the owning team is paged; documented in docs/annotations.md. */
export const ANNOTATION_ONCALL_CHANNEL = 'inbestment.io/oncall-channel';

const SIGNAL_PERMISSIONS: Record<
  HealthSignal,
  ResourcePermission<'catalog-entity'>
> = {
  alarms: cloudWatchAlarmsReadPermission,
  deployments: eksDeploymentsReadPermission,
  waf: wafEventsReadPermission,
};
const SIGNALS = Object.keys(SIGNAL_PERMISSIONS) as HealthSignal[];

/**
 * Bytes one per-component check may send. The permission backend reads at
 * most 100 kB of JSON per request and forwards a conditional check to the
 * owning plugin's apply-conditions endpoint (same limit) as one item per
 * resource carrying the whole decision.
 */
const CHECK_BODY_BUDGET = 64 * 1024;
/** Per-component check calls in flight for one overview request. */
const CONCURRENT_CHECKS = 4;
/**
 * How long an expired snapshot is still served while its successor loads
 * (in refresh intervals); older than that, a request waits for the refresh.
 */
const MAX_STALE_INTERVALS = 4;

const STORE_COMPONENTS = [
  { kind: 'Component', 'spec.type': 'service' },
  { kind: 'Component', 'spec.type': 'website' },
];

/**
 * What the overview, the claims gate and the owner conditions read of a
 * component: at 500 services the full entities (descriptions, tags, links)
 * were most of the catalog's answer. Relations are kept: owner conditions
 * are evaluated on them.
 */
const OVERVIEW_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'spec.system',
  'relations',
];
/** Enough to tell which entities a viewer may read. */
const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/** Services run on EKS; websites are static and have no deployments. */
function signalsFor(entity: Entity): HealthSignal[] {
  return entity.spec?.type === 'service'
    ? SIGNALS
    : SIGNALS.filter(signal => signal !== 'deployments');
}

/** One signal of one component as every viewer allowed to read it sees it. */
interface SignalOutcome {
  fetchedAt?: number;
  /** Where the read came from (`demo` when the demo scenario plays instead of AWS). */
  source?: AwsOpsSource;
  stale?: AwsOpsStale;
  errors: ComponentHealth['errors'];
  alarms?: AlarmsHealth;
  deployments?: DeploymentsHealth;
  waf?: WafHealth;
  /** Of the firing alarms, with rollouts of any component: filtered per viewer. */
  correlations?: TimelineCorrelation[];
}

/**
 * The viewer-independent part of the overview for one refresh interval: the
 * store components (read with the plugin's own credentials), their owners and
 * systems, and each component's signals, assessed at most once per interval
 * and only when a viewer allowed to see them asks.
 */
interface Snapshot {
  expiresAt: number;
  components: Entity[];
  byRef: Map<string, Entity>;
  related: Related;
  relatedRefs: string[];
  claims: Map<string, Promise<GrantedClaims>>;
  /** Keyed `<signal> <entityRef>`. */
  outcomes: Map<string, Promise<SignalOutcome>>;
}

/**
 * Builds the on-call overview of every store component from the shared,
 * cached EKS, CloudWatch and WAF services (which hold the AWS reads in
 * `backend.cache`, shared by every replica).
 *
 * The assessment of a component does not depend on the viewer, so each
 * replica computes it at most once per refresh interval (the AWS live TTL)
 * into a snapshot, and serves the previous snapshot while the next one loads.
 * Per request only the viewer's permissions run: one policy call with the
 * catalog read and the three signal permissions; an owner condition is
 * evaluated in memory on the snapshot's entities, and only conditions this
 * service cannot evaluate are sent back to the catalog per component, in
 * bounded batches. No AWS call and no catalog read is made per viewer whose
 * catalog read is allowed outright.
 */
export class HealthOverviewService {
  private current?: Snapshot;
  private refreshing?: Promise<Snapshot>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      auth: AuthService;
      claims: AwsOpsClaimsService;
      deployments: EksDeploymentsService;
      alarms: CloudWatchAlarmsService;
      waf: WafEventsService;
      /** Correlates the firing alarms of a row with recent rollouts. */
      timeline: TimelineService;
      clock: () => number;
      /** How long one snapshot is served as fresh: the AWS live TTL. */
      refreshIntervalMs: number;
    },
  ) {}

  async getOverview(
    credentials: BackstageCredentials,
  ): Promise<HealthOverviewResponse> {
    const [snapshot, [readDecision, ...signalDecisions]] = await Promise.all([
      this.snapshot(),
      this.options.permissions.authorizeConditional(
        [
          { permission: catalogEntityReadPermission },
          ...SIGNALS.map(signal => ({
            permission: SIGNAL_PERMISSIONS[signal],
          })),
        ],
        { credentials },
      ),
    ]);
    const { components, related } = await this.visibleTo(
      snapshot,
      readDecision,
      credentials,
    );
    const allowed = await this.allowedSignals(
      components,
      signalDecisions,
      credentials,
    );

    const fetchedAt: number[] = [this.options.clock()];
    const sources = new Set<AwsOpsSource>();
    const rows = await Promise.all(
      components.map(entity =>
        this.rowOf(snapshot, entity, allowed, related, fetchedAt, sources),
      ),
    );
    rows.sort(
      (a, b) =>
        HEALTH_LEVEL_ORDER.indexOf(a.level) -
          HEALTH_LEVEL_ORDER.indexOf(b.level) ||
        a.name.localeCompare(b.name, 'en'),
    );
    return {
      // The signals' own source: the demo scenario replaces every provider at once.
      source: sources.has('demo') ? 'demo' : 'aws',
      fetchedAt: new Date(Math.min(...fetchedAt)).toISOString(),
      errors: [],
      components: rows,
      ...staleField(oldestStale(rows)),
    };
  }

  /** The current snapshot; an expired one is served while its successor loads. */
  private async snapshot(): Promise<Snapshot> {
    const now = this.options.clock();
    const current = this.current;
    if (current && now < current.expiresAt) return current;
    this.refreshing ??= this.loadSnapshot(current)
      .then(snapshot => {
        this.current = snapshot;
        return snapshot;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    const refresh = this.refreshing;
    if (
      current &&
      now <
        current.expiresAt + MAX_STALE_INTERVALS * this.options.refreshIntervalMs
    ) {
      // A failed refresh is retried by the next request; this one is served.
      refresh.catch(() => {});
      return current;
    }
    return refresh;
  }

  private async loadSnapshot(previous?: Snapshot): Promise<Snapshot> {
    const started = this.options.clock();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { filter: STORE_COMPONENTS, fields: OVERVIEW_FIELDS },
      { credentials },
    );
    const { related, refs } = await this.readRelated(items, credentials);
    const snapshot: Snapshot = {
      expiresAt: started + this.options.refreshIntervalMs,
      components: items,
      byRef: new Map(items.map(entity => [stringifyEntityRef(entity), entity])),
      related,
      relatedRefs: refs,
      claims: new Map(),
      outcomes: new Map(),
    };
    // Assess what the previous interval served before switching, so no
    // viewer waits for it at the switch.
    if (previous) {
      await Promise.all(
        [...previous.outcomes.keys()].map(key => {
          const [signal, entityRef] = key.split(' ') as [HealthSignal, string];
          const entity = snapshot.byRef.get(entityRef);
          return entity && this.outcomeOf(snapshot, entity, signal);
        }),
      );
    }
    return snapshot;
  }

  /**
   * The components, owners and systems the viewer may read. Allowed outright
   * (the portal's policy for every signed-in user): the whole snapshot.
   * Otherwise the catalog itself answers with the viewer's credentials, as it
   * would for their own query.
   */
  private async visibleTo(
    snapshot: Snapshot,
    decision: PolicyDecision,
    credentials: BackstageCredentials,
  ): Promise<{ components: Entity[]; related: Related }> {
    if (decision.result === AuthorizeResult.ALLOW) {
      return { components: snapshot.components, related: snapshot.related };
    }
    if (decision.result === AuthorizeResult.DENY) {
      return {
        components: [],
        related: { owners: new Map(), systems: new Map() },
      };
    }
    const { catalog } = this.options;
    const [readable, readableRelated] = await Promise.all([
      catalog.getEntities(
        { filter: STORE_COMPONENTS, fields: REF_FIELDS },
        { credentials },
      ),
      snapshot.relatedRefs.length
        ? catalog.getEntitiesByRefs(
            { entityRefs: snapshot.relatedRefs, fields: REF_FIELDS },
            { credentials },
          )
        : { items: [] },
    ]);
    const readableRefs = new Set(
      readable.items.map(entity => stringifyEntityRef(entity)),
    );
    const relatedReadable = new Set(
      snapshot.relatedRefs.filter((_, index) => readableRelated.items[index]),
    );
    const related: Related = { owners: new Map(), systems: new Map() };
    snapshot.related.owners.forEach((owner, ref) => {
      if (relatedReadable.has(ref)) related.owners.set(ref, owner);
    });
    snapshot.related.systems.forEach((system, ref) => {
      // An unreadable system still gets one entry, named after its ref.
      related.systems.set(
        ref,
        relatedReadable.has(ref)
          ? system
          : { entityRef: ref, title: shortName(ref) },
      );
    });
    return {
      components: snapshot.components.filter(entity =>
        readableRefs.has(stringifyEntityRef(entity)),
      ),
      related,
    };
  }

  /** One component as this viewer sees it: only the signals they may read. */
  private async rowOf(
    snapshot: Snapshot,
    entity: Entity,
    allowedByRef: Map<string, Set<HealthSignal>>,
    related: Related,
    fetchedAt: number[],
    sources: Set<AwsOpsSource>,
  ): Promise<ComponentHealth> {
    const allowedOf = (ref: string) =>
      allowedByRef.get(ref) ?? new Set<HealthSignal>();
    const allowed = allowedOf(stringifyEntityRef(entity));
    const signals = signalsFor(entity);
    const systemRef = refOf(entity.spec?.system, 'system');
    const ownerRef = refOf(entity.spec?.owner, 'group');
    const component: ComponentHealth = {
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      type: String(entity.spec?.type ?? ''),
      system: systemRef ? related.systems.get(systemRef) : undefined,
      owner: ownerRef ? related.owners.get(ownerRef) : undefined,
      level: 'unknown',
      reasons: [],
      denied: signals.filter(signal => !allowed.has(signal)),
      errors: [],
    };
    const outcomes = await Promise.all(
      signals
        .filter(signal => allowed.has(signal))
        .map(signal => this.outcomeOf(snapshot, entity, signal)),
    );
    for (const outcome of outcomes) {
      if (outcome.fetchedAt !== undefined) fetchedAt.push(outcome.fetchedAt);
      if (outcome.source) sources.add(outcome.source);
      Object.assign(component, staleField(oldestStale([component, outcome])));
      component.errors.push(...outcome.errors);
      if (outcome.alarms) component.alarms = outcome.alarms;
      if (outcome.deployments) component.deployments = outcome.deployments;
      if (outcome.waf) component.waf = outcome.waf;
      // A correlation names a rollout: shown only to a viewer who may read that component's deployments.
      const correlations = outcome.correlations?.filter(c =>
        allowedOf(c.rolloutEntityRef).has('deployments'),
      );
      if (correlations?.length) component.correlations = correlations;
    }
    Object.assign(component, assessHealth(component));
    return component;
  }

  /** One signal of one component, read at most once per snapshot. */
  private outcomeOf(
    snapshot: Snapshot,
    entity: Entity,
    signal: HealthSignal,
  ): Promise<SignalOutcome> {
    const entityRef = stringifyEntityRef(entity);
    const key = `${signal} ${entityRef}`;
    let outcome = snapshot.outcomes.get(key);
    if (!outcome) {
      outcome = this.readSignal(snapshot, entity, entityRef, signal);
      snapshot.outcomes.set(key, outcome);
    }
    return outcome;
  }

  private async readSignal(
    snapshot: Snapshot,
    entity: Entity,
    entityRef: string,
    signal: HealthSignal,
  ): Promise<SignalOutcome> {
    const { alarms, deployments, waf } = this.options;
    // Each signal shows only the resources the entity holds a claim on.
    const claims = () => {
      let granted = snapshot.claims.get(entityRef);
      if (!granted) {
        granted = this.options.claims.grant(entity);
        snapshot.claims.set(entityRef, granted);
      }
      return granted;
    };
    try {
      let result: {
        source: AwsOpsSource;
        fetchedAt: string;
        errors: AwsOpsErrorEntry[];
        stale?: AwsOpsStale;
      };
      const outcome: SignalOutcome = { errors: [] };
      if (signal === 'alarms') {
        const summary = await alarms.getAlarmSummary(await claims());
        outcome.alarms = alarmsHealthOf(summary);
        outcome.correlations = await this.correlationsOf(
          entity,
          outcome.alarms,
          outcome.errors,
        );
        result = summary;
      } else if (signal === 'deployments') {
        const response = await deployments.getDeployments(await claims());
        // Without workload annotations there is nothing to judge.
        if (response.labelSelector) {
          outcome.deployments = deploymentsHealthOf(response);
        }
        result = response;
      } else {
        const summary = await waf.getEntitySummary(await claims());
        // Without the component label rule there are no counts of its own to
        // judge; the summary's error says so.
        if (summary.label) outcome.waf = wafHealthOf(summary);
        result = summary;
      }
      outcome.fetchedAt = Date.parse(result.fetchedAt);
      outcome.source = result.source;
      if (result.stale) outcome.stale = result.stale;
      outcome.errors.push(...result.errors.map(e => ({ ...e, signal })));
      return outcome;
    } catch (error) {
      return { errors: [{ ...toErrorEntry({}, error), signal }] };
    }
  }

  /** The firing alarms' correlations with rollouts; a failure is an error of the alarms signal, next to it. */
  private async correlationsOf(
    entity: Entity,
    alarms: AlarmsHealth,
    errors: SignalOutcome['errors'],
  ): Promise<TimelineCorrelation[]> {
    if (alarms.alarming.length === 0) return [];
    try {
      return await this.options.timeline.firingCorrelations(
        entity,
        alarms.alarming,
        await this.options.auth.getOwnServiceCredentials(),
      );
    } catch (error) {
      const entry = toErrorEntry({}, error);
      errors.push({
        ...entry,
        message: `Correlating with rollouts: ${entry.message}`,
        signal: 'alarms',
      });
      return [];
    }
  }

  /**
   * The signals the viewer may read, per component, from one policy decision
   * per signal permission: an ALLOW or DENY holds for every component. A
   * conditional decision of the catalog made only of owner rules is evaluated
   * here on the snapshot's relations, as the catalog's own rule does; any
   * other condition is checked per component by the catalog that owns it, in
   * calls small enough for the permission backend and the catalog's
   * apply-conditions endpoint (both answer 413 above 100 kB of JSON).
   */
  private async allowedSignals(
    items: Entity[],
    decisions: PolicyDecision[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Set<HealthSignal>>> {
    const { permissions } = this.options;
    const allowed = new Map<string, Set<HealthSignal>>(
      items.map(entity => [stringifyEntityRef(entity), new Set()]),
    );
    const checks: Array<() => Promise<void>> = [];
    SIGNALS.forEach((signal, index) => {
      const decision = decisions[index];
      const applicable = items.filter(entity =>
        signalsFor(entity).includes(signal),
      );
      if (decision.result === AuthorizeResult.ALLOW) {
        applicable.forEach(entity =>
          allowed.get(stringifyEntityRef(entity))!.add(signal),
        );
        return;
      }
      if (decision.result !== AuthorizeResult.CONDITIONAL) return;
      if (isEvaluableHere(decision)) {
        applicable
          .filter(entity => conditionHolds(decision.conditions, entity))
          .forEach(entity =>
            allowed.get(stringifyEntityRef(entity))!.add(signal),
          );
        return;
      }
      const permission = SIGNAL_PERMISSIONS[signal];
      const refs = applicable.map(entity => stringifyEntityRef(entity));
      for (const chunk of chunksOf(refs, refsPerCheck(decision, refs))) {
        checks.push(async () => {
          const results = await permissions.authorize(
            chunk.map(resourceRef => ({ permission, resourceRef })),
            { credentials },
          );
          chunk.forEach((ref, i) => {
            if (results[i].result === AuthorizeResult.ALLOW) {
              allowed.get(ref)!.add(signal);
            }
          });
        });
      }
    });
    await runWithConcurrency(checks, CONCURRENT_CHECKS);
    return allowed;
  }

  /** The owners and systems of the components, in one catalog read. */
  private async readRelated(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<{ related: Related; refs: string[] }> {
    const refs = [
      ...new Set(
        entities.flatMap(entity => [
          refOf(entity.spec?.owner, 'group'),
          refOf(entity.spec?.system, 'system'),
        ]),
      ),
    ].filter((ref): ref is string => ref !== undefined);
    const related: Related = { owners: new Map(), systems: new Map() };
    const { items } = refs.length
      ? await this.options.catalog.getEntitiesByRefs(
          { entityRefs: refs },
          { credentials },
        )
      : { items: [] };
    refs.forEach((entityRef, index) => {
      const entity = items[index];
      if (entityRef.startsWith('system:')) {
        // An unreadable system still gets one entry, named after its ref.
        related.systems.set(entityRef, {
          entityRef,
          title: entity?.metadata.title ?? shortName(entityRef),
        });
        return;
      }
      if (!entity) return;
      related.owners.set(entityRef, ownerContactOf(entityRef, entity));
    });
    return { related, refs };
  }
}

/**
 * Catalog rules this service evaluates itself, each exactly as the catalog's
 * own rule applies it (plugin-catalog-backend's permission rules; the test
 * compares them). The portal's policy grants owners with IS_ENTITY_OWNER.
 */
const LOCAL_CATALOG_RULES: Record<
  string,
  {
    accepts(params: unknown): boolean;
    apply(entity: Entity, params: any): boolean;
  }
> = {
  IS_ENTITY_OWNER: {
    accepts: params =>
      Array.isArray((params as { claims?: unknown })?.claims) &&
      (params as { claims: unknown[] }).claims.every(
        claim => typeof claim === 'string',
      ),
    apply: (entity, { claims }: { claims: string[] }) =>
      (entity.relations ?? []).some(
        relation =>
          relation.type === RELATION_OWNED_BY &&
          claims.includes(relation.targetRef),
      ),
  },
};

type Criteria = PermissionCriteria<PermissionCondition<string>>;

function isEvaluableHere(decision: {
  pluginId: string;
  resourceType: string;
  conditions: Criteria;
}): boolean {
  const evaluable = (criteria: Criteria): boolean => {
    if ('allOf' in criteria) return criteria.allOf.every(evaluable);
    if ('anyOf' in criteria) return criteria.anyOf.every(evaluable);
    if ('not' in criteria) return evaluable(criteria.not);
    const rule = LOCAL_CATALOG_RULES[criteria.rule];
    return (
      rule !== undefined &&
      criteria.resourceType === 'catalog-entity' &&
      rule.accepts(criteria.params)
    );
  };
  return (
    decision.pluginId === 'catalog' &&
    decision.resourceType === 'catalog-entity' &&
    evaluable(decision.conditions)
  );
}

function conditionHolds(criteria: Criteria, entity: Entity): boolean {
  if ('allOf' in criteria) {
    return criteria.allOf.every(c => conditionHolds(c, entity));
  }
  if ('anyOf' in criteria) {
    return criteria.anyOf.some(c => conditionHolds(c, entity));
  }
  if ('not' in criteria) return !conditionHolds(criteria.not, entity);
  return LOCAL_CATALOG_RULES[criteria.rule].apply(entity, criteria.params);
}

interface Related {
  owners: Map<string, OwnerContact>;
  systems: Map<string, SystemLabel>;
}

/** How the owning team is shown and paged: its name, email and on-call channel. */
export function ownerContactOf(entityRef: string, group: Entity): OwnerContact {
  const profile = (group as GroupEntity).spec?.profile;
  return {
    entityRef,
    title: profile?.displayName ?? group.metadata.title ?? group.metadata.name,
    email: profile?.email,
    onCallChannel: group.metadata.annotations?.[ANNOTATION_ONCALL_CHANNEL],
  };
}

/**
 * `team-commerce` → `group:default/team-commerce`, `commerce` →
 * `system:default/commerce`, as the catalog resolves spec references; a full
 * ref stays as it is, so both spellings are one entry.
 */
export function refOf(value: unknown, defaultKind: string): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** `system:default/commerce` → `commerce`; another namespace stays visible. */
function shortName(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** How many resource refs fit in one check call, given the decision each item carries. */
function refsPerCheck(decision: QueryPermissionResponse, refs: string[]) {
  const longest = refs.reduce((a, b) => (b.length > a.length ? b : a), '');
  const item = JSON.stringify({
    id: '00000000-0000-0000-0000-000000000000',
    resourceRef: longest,
    ...decision,
  });
  return Math.max(1, Math.floor(CHECK_BODY_BUDGET / (item.length + 1)));
}

function chunksOf<T>(values: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) {
    chunks.push(values.slice(i, i + size));
  }
  return chunks;
}

async function runWithConcurrency(
  tasks: Array<() => Promise<void>>,
  concurrency: number,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        await tasks[next++]();
      }
    }),
  );
}

/** `{ stale }` only when there is one, so fresh responses carry no empty field. */
function staleField(stale: AwsOpsStale | undefined) {
  return stale ? { stale } : {};
}
