import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  GroupEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  QueryPermissionResponse,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AwsOpsErrorEntry,
  AwsOpsSource,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsClaimsService,
  GrantedClaims,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsReadPermission } from '@internal/backstage-plugin-eks-common';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import {
  ComponentHealth,
  HEALTH_LEVEL_ORDER,
  HealthOverviewResponse,
  HealthSignal,
  OwnerContact,
  SystemLabel,
} from '@internal/backstage-plugin-ops-health-common';
import { wafEventsReadPermission } from '@internal/backstage-plugin-waf-common';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
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
 * What the overview and the claims gate read of a component: at 500 services
 * the full entities (relations above all) were most of the catalog's answer.
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
];

/** Services run on EKS; websites are static and have no deployments. */
function signalsFor(entity: Entity): HealthSignal[] {
  return entity.spec?.type === 'service'
    ? SIGNALS
    : SIGNALS.filter(signal => signal !== 'deployments');
}

interface SignalResult {
  source: AwsOpsSource;
  fetchedAt: string;
  errors: AwsOpsErrorEntry[];
}

/**
 * Builds the on-call overview of every store component from the shared,
 * cached EKS, CloudWatch and WAF services: one catalog query, one policy
 * decision per signal (and, for owner rules only, per-component checks in
 * bounded batches), and cache reads; no AWS call is made per viewer.
 */
export class HealthOverviewService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      claims: AwsOpsClaimsService;
      deployments: EksDeploymentsService;
      alarms: CloudWatchAlarmsService;
      waf: WafEventsService;
      source: AwsOpsSource;
      clock: () => number;
    },
  ) {}

  async getOverview(
    credentials: BackstageCredentials,
  ): Promise<HealthOverviewResponse> {
    const { catalog } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: [
          { kind: 'Component', 'spec.type': 'service' },
          { kind: 'Component', 'spec.type': 'website' },
        ],
        fields: OVERVIEW_FIELDS,
      },
      { credentials },
    );
    const [related, allowed] = await Promise.all([
      this.readRelated(items, credentials),
      this.allowedSignals(items, credentials),
    ]);

    const fetchedAt: number[] = [this.options.clock()];
    const components = await Promise.all(
      items.map(entity =>
        this.assessComponent(
          entity,
          allowed.get(stringifyEntityRef(entity)) ?? new Set<HealthSignal>(),
          related,
          fetchedAt,
        ),
      ),
    );
    components.sort(
      (a, b) =>
        HEALTH_LEVEL_ORDER.indexOf(a.level) -
          HEALTH_LEVEL_ORDER.indexOf(b.level) ||
        a.name.localeCompare(b.name, 'en'),
    );
    return {
      source: this.options.source,
      fetchedAt: new Date(Math.min(...fetchedAt)).toISOString(),
      errors: [],
      components,
    };
  }

  private async assessComponent(
    entity: Entity,
    allowed: Set<HealthSignal>,
    related: Related,
    fetchedAt: number[],
  ): Promise<ComponentHealth> {
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
    let granted: Promise<GrantedClaims> | undefined;
    // Each signal shows only the resources the entity holds a claim on.
    const claims = () => (granted ??= this.options.claims.grant(entity));
    const read = async <T extends SignalResult>(
      signal: HealthSignal,
      load: () => Promise<T>,
      apply: (result: T) => void,
    ) => {
      if (!allowed.has(signal)) return;
      try {
        const result = await load();
        fetchedAt.push(Date.parse(result.fetchedAt));
        component.errors.push(...result.errors.map(e => ({ ...e, signal })));
        apply(result);
      } catch (error) {
        component.errors.push({ ...toErrorEntry({}, error), signal });
      }
    };
    await Promise.all([
      read(
        'alarms',
        async () => this.options.alarms.getAlarmSummary(await claims()),
        summary => {
          component.alarms = alarmsHealthOf(summary);
        },
      ),
      signals.includes('deployments')
        ? read(
            'deployments',
            async () => this.options.deployments.getDeployments(await claims()),
            response => {
              // Without workload annotations there is nothing to judge.
              if (response.labelSelector) {
                component.deployments = deploymentsHealthOf(response);
              }
            },
          )
        : undefined,
      read(
        'waf',
        async () => this.options.waf.getEntitySummary(await claims()),
        summary => {
          component.waf = wafHealthOf(summary);
        },
      ),
    ]);
    Object.assign(component, assessHealth(component));
    return component;
  }

  /**
   * The signals the viewer may read, per component. One policy decision per
   * signal permission first: an ALLOW or DENY holds for every component, so
   * nothing more is asked. Only a conditional decision (owner rules) is
   * checked per component, by the catalog that owns the conditions, in calls
   * small enough for the permission backend and the catalog's
   * apply-conditions endpoint (both answer 413 above 100 kB of JSON).
   */
  private async allowedSignals(
    items: Entity[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Set<HealthSignal>>> {
    const { permissions } = this.options;
    const allowed = new Map<string, Set<HealthSignal>>(
      items.map(entity => [stringifyEntityRef(entity), new Set()]),
    );
    const signals = SIGNALS.filter(signal =>
      items.some(entity => signalsFor(entity).includes(signal)),
    );
    if (!signals.length) return allowed;
    const decisions = await permissions.authorizeConditional(
      signals.map(signal => ({ permission: SIGNAL_PERMISSIONS[signal] })),
      { credentials },
    );
    const checks: Array<() => Promise<void>> = [];
    signals.forEach((signal, index) => {
      const decision = decisions[index];
      const refs = items
        .filter(entity => signalsFor(entity).includes(signal))
        .map(entity => stringifyEntityRef(entity));
      if (decision.result === AuthorizeResult.ALLOW) {
        refs.forEach(ref => allowed.get(ref)!.add(signal));
        return;
      }
      if (decision.result !== AuthorizeResult.CONDITIONAL) return;
      const permission = SIGNAL_PERMISSIONS[signal];
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
  ): Promise<Related> {
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
      const group = entity as GroupEntity;
      related.owners.set(entityRef, {
        entityRef,
        title:
          group.spec?.profile?.displayName ??
          entity.metadata.title ??
          entity.metadata.name,
        email: group.spec?.profile?.email,
        onCallChannel: entity.metadata.annotations?.[ANNOTATION_ONCALL_CHANNEL],
      });
    });
    return related;
  }
}

interface Related {
  owners: Map<string, OwnerContact>;
  systems: Map<string, SystemLabel>;
}

/**
 * `team-commerce` → `group:default/team-commerce`, `commerce` →
 * `system:default/commerce`, as the catalog resolves spec references; a full
 * ref stays as it is, so both spellings are one entry.
 */
function refOf(value: unknown, defaultKind: string): string | undefined {
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
