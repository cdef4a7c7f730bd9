import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsOpsClaimsService,
  readPermittedEntity,
} from '@internal/backstage-plugin-aws-ops-node';
import { cloudWatchAlarmsReadPermission } from '@internal/backstage-plugin-cloudwatch-common';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import { TIMELINE_WINDOWS } from '@internal/backstage-plugin-ops-health-common';
import {
  HealthOverviewService,
  ownerContactOf,
  refOf,
} from './service/HealthOverviewService';
import { TimelineService } from './timeline/TimelineService';

const ENTITY_REF_INPUT =
  'The component, as an entity ref (component:default/checkout-service) or its name (checkout-service)';

/**
 * Read-only actions for assistants (listed by the MCP actions backend). Each
 * answers with what the matching route answers and checks the caller's
 * permissions the same way: the same service call, the same permission on
 * the same entity, the same 403 and 404.
 */
export function registerActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  alarms: CloudWatchAlarmsService;
  overview: HealthOverviewService;
  timeline: TimelineService;
}) {
  const { actionsRegistry, permissions, catalog, claims, alarms } = options;
  const read = (
    input: { entityRef: string },
    credentials: BackstageCredentials,
    permission = catalogEntityReadPermission,
    what = 'the entity',
  ) =>
    readPermittedEntity({
      entityRef: componentRef(input.entityRef),
      credentials,
      permission,
      permissions,
      catalog,
      what,
    });

  actionsRegistry.register({
    name: 'get-component-health',
    title: 'Component health',
    description:
      "A store component's health as the on-call overview shows it: level, reasons, alarms in ALARM, deployments, WAF spike, owner, and the correlations of its firing alarms with recent rollouts.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({ entityRef: z.string().describe(ENTITY_REF_INPUT) }),
      output: z =>
        z.object({
          component: z
            .object({
              entityRef: z.string(),
              name: z.string(),
              title: z.string(),
              type: z.string(),
              level: z.enum([
                'critical',
                'warning',
                'unknown',
                'not-deployed',
                'ok',
              ]),
              reasons: z
                .array(z.string())
                .describe('Why the level is what it is, most severe first'),
              owner: z
                .object({ entityRef: z.string(), title: z.string() })
                .passthrough()
                .optional(),
              correlations: z.array(correlationSchema(z)).optional(),
              denied: z
                .array(z.string())
                .describe('Signals the caller may not see'),
              errors: z.array(errorSchema(z)),
            })
            .passthrough(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = componentRef(input.entityRef);
      const { components } = await options.overview.getOverview(credentials);
      const component = components.find(c => c.entityRef === entityRef);
      if (!component) {
        throw new NotFoundError(
          `${entityRef} is not a store component you may read`,
        );
      }
      // The schema describes the row to assistants; its type is ComponentHealth's.
      return { output: { component: component as any } };
    },
  });

  actionsRegistry.register({
    name: 'get-component-timeline',
    title: 'What changed for a component',
    description:
      "A component's timeline over the last 1h, 6h or 24h: rollouts (its own and of the components it depends on), alarm state changes, WAF spikes, EKS version changes and template runs, newest first, and the correlations of its alarms with rollouts.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe(ENTITY_REF_INPUT),
          window: z.enum(TIMELINE_WINDOWS as ['1h', '6h', '24h']).default('6h'),
        }),
      output: z =>
        z.object({
          timeline: z
            .object({
              entityRef: z.string(),
              window: z.string(),
              start: z.string(),
              end: z.string(),
              correlationWindowMinutes: z.number(),
              dependencies: z.array(z.string()),
              events: z
                .array(
                  z
                    .object({
                      id: z.string(),
                      kind: z.enum([
                        'rollout',
                        'alarm',
                        'waf-spike',
                        'catalog',
                        'version',
                      ]),
                      entityRef: z.string(),
                      environment: z.string().optional(),
                      at: z.string(),
                      endAt: z.string().optional(),
                      title: z.string(),
                      status: z.string().optional(),
                      detail: z.string().optional(),
                      link: z.string().optional(),
                    })
                    .passthrough(),
                )
                .describe('Newest first'),
              correlations: z.array(correlationSchema(z)),
              denied: z.array(z.string()),
              errors: z.array(errorSchema(z)),
            })
            .passthrough(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await read(input, credentials);
      const timeline = await options.timeline.getTimeline(
        entity,
        credentials,
        input.window,
      );
      // The schema describes the response to assistants; its type is EntityTimelineResponse's.
      return { output: { timeline: timeline as any } };
    },
  });

  actionsRegistry.register({
    name: 'get-component-owner',
    title: 'Who owns a component and how to page them',
    description:
      "A component's owning team: its title, email and on-call channel (where the team is paged).",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({ entityRef: z.string().describe(ENTITY_REF_INPUT) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          owner: z
            .object({
              entityRef: z.string(),
              title: z.string(),
              email: z.string().optional(),
              onCallChannel: z.string().optional(),
            })
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await read(input, credentials);
      const ownerRef = refOf(entity.spec?.owner, 'group');
      // The owner as the caller may read it: an unreadable team is not described.
      const group = ownerRef
        ? await catalog.getEntityByRef(ownerRef, { credentials })
        : undefined;
      return {
        output: {
          entityRef: stringifyEntityRef(entity),
          owner: group
            ? ownerContactOf(stringifyEntityRef(group), group)
            : undefined,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-firing-alarms',
    title: 'Firing alarms of a component',
    description:
      "The component's CloudWatch alarms in ALARM, with their environment, reason, threshold and since when, as its Alarms tab lists them.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({ entityRef: z.string().describe(ENTITY_REF_INPUT) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          alarms: z.array(
            z
              .object({
                name: z.string(),
                environment: z.string(),
                state: z.literal('ALARM'),
                stateReason: z.string(),
                stateUpdatedAt: z.string(),
                description: z.string().optional(),
                threshold: z.number().optional(),
                consoleUrl: z.string(),
              })
              .passthrough(),
          ),
          errors: z.array(errorSchema(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await read(
        input,
        credentials,
        cloudWatchAlarmsReadPermission,
        'the CloudWatch alarms',
      );
      const response = await alarms.getEntityAlarms(
        await claims.grant(entity),
        { window: '1h' },
      );
      return {
        output: {
          entityRef: response.entityRef,
          // The chart series are for the tab's charts, not for a reader of the answer.
          alarms: response.alarms
            .filter(alarm => alarm.state === 'ALARM')
            .map(({ series: _series, ...alarm }: any) => alarm),
          errors: response.errors.map(e => ({ ...e })),
        },
      };
    },
  });
}

type Zod = Parameters<
  ActionsRegistryService['register']
>[0]['schema']['input'] extends (zod: infer Z) => any
  ? Z
  : never;

/** A correlation as the timeline and the overview rows give it. */
function correlationSchema(z: Zod) {
  return z
    .object({
      sentence: z.string(),
      alarmName: z.string(),
      environment: z.string(),
      minutesAfter: z.number(),
      alarmEntityRef: z.string(),
      rolloutEntityRef: z.string(),
      alarmLink: z.string(),
      rolloutLink: z.string(),
    })
    .passthrough();
}

/** A read failure next to the data that did load. */
function errorSchema(z: Zod) {
  return z.object({ name: z.string(), message: z.string() }).passthrough();
}

/** `checkout-service` → `component:default/checkout-service`; a full ref stays as it is. */
function componentRef(value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(`Not an entity ref: ${value}`);
  }
}
