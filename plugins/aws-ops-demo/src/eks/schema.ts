import { z } from 'zod';
import { parseSection, Scenario } from '../scenario';

/** Minutes into the scenario's cycle. */
const minute = z.number().min(0);

/** `[minute, load]` points of a curve over the cycle, load from 0 (minReplicas) to 1 (maxReplicas). */
const loadCurve = z.array(z.tuple([minute, z.number().min(0).max(1)])).min(1);

const nodeGroupSchema = z.strictObject({
  name: z.string().min(1),
  instanceTypes: z.array(z.string().min(1)).min(1),
  desiredSize: z.number().int().min(0),
  minSize: z.number().int().min(0),
  maxSize: z.number().int().positive(),
});

const clusterSchema = z.strictObject({
  /** Kubernetes version, e.g. '1.35'. */
  version: z.string().regex(/^\d+\.\d+$/),
  platformVersion: z.string().min(1),
  nodeGroups: z.array(nodeGroupSchema).min(1),
  /** The autoscalers' load over the cycle in this environment. */
  load: loadCurve,
});

const rolloutSchema = z.strictObject({
  /** Minute the new ReplicaSet is created. */
  at: minute,
  /** How long until every new pod is ready. */
  minutes: z.number().positive(),
  /** Image tags of the old and new ReplicaSet (every container of the Deployment). */
  from: z.string().min(1),
  to: z.string().min(1),
  /**
   * The new pods never become ready: the Deployment's progress deadline is
   * exceeded `minutes` after `at` and the rollout stays stalled.
   */
  stalls: z.boolean().optional(),
  /**
   * Minutes after `at` the rollout is undone (`kubectl rollout undo`): the
   * ReplicaSet it replaced is re-used under a new revision.
   */
  rollbackAfter: z.number().positive().optional(),
});

const podSchema = z.strictObject({
  /** Which pod of the current ReplicaSet (0-based). */
  index: z.number().int().min(0),
  /** The container's waiting reason (the pod is then not ready); running when omitted. */
  waiting: z.string().min(1).optional(),
  /** A fixed restart count... */
  restarts: z.number().int().min(0).optional(),
  /** ...or one restart every this many minutes since the pod was created. */
  restartEveryMinutes: z.number().positive().optional(),
  /** Minute of the cycle the pod was (re)created; default: with its ReplicaSet. */
  createdAt: minute.optional(),
  lastTermination: z
    .strictObject({ reason: z.string().min(1), exitCode: z.number().int() })
    .optional(),
});

/** A count or a percentage such as `50%`. */
const countOrPercent = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d+%$/),
]);

/** The policy/v1 PodDisruptionBudget a Deployment's pods get. */
const disruptionBudgetSchema = z
  .strictObject({
    minAvailable: countOrPercent.optional(),
    maxUnavailable: countOrPercent.optional(),
  })
  .refine(
    b => (b.minAvailable === undefined) !== (b.maxUnavailable === undefined),
    { message: 'set exactly one of minAvailable and maxUnavailable' },
  );

const workloadSchema = z.strictObject({
  /** Image tag when no rollout says otherwise; default: the manifest's. */
  tag: z.string().min(1).optional(),
  /** Replicas of a Deployment without autoscaler; default: the manifest's. */
  replicas: z.number().int().positive().optional(),
  /** Hours before the cycle the running version was deployed (no rollouts); default: jitter within 3 days. */
  deployedHoursAgo: z.number().positive().optional(),
  rollouts: z.array(rolloutSchema).default([]),
  pods: z.array(podSchema).default([]),
  /** Replaces the environment's load curve for this component's autoscaler. */
  load: loadCurve.optional(),
  /** `false`: the manifest's HorizontalPodAutoscaler is not applied in this environment. */
  autoscaler: z.literal(false).optional(),
  /** Replaces the section's `disruptionBudget` for this Deployment; `false`: none. */
  disruptionBudget: z
    .union([z.literal(false), disruptionBudgetSchema])
    .optional(),
});

const updateSchema = z.strictObject({
  /** The node group updated; the control plane when omitted. */
  nodeGroup: z.string().min(1).optional(),
  /** The Kubernetes version it updates to (DescribeUpdate param `Version`). */
  version: z.string().regex(/^\d+\.\d+$/),
  /** Control plane: its platform version after; node group: its AMI release version. */
  platformVersion: z.string().min(1).optional(),
  /** Minutes before the start of the current cycle EKS created the update. */
  minutesBeforeCycle: z.number().min(0),
  /** How long it ran (InProgress until then). */
  minutes: z.number().positive(),
  /** How it ended. */
  status: z.enum(['Successful', 'Failed', 'Cancelled']).default('Successful'),
});

const versionSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+$/),
  endOfStandardSupport: z.iso.date(),
  endOfExtendedSupport: z.iso.date(),
});

export const eksSectionSchema = z.strictObject({
  /** The EKS version calendar (DescribeClusterVersions); status follows the clock. */
  versions: z.array(versionSchema).min(1),
  /**
   * The PodDisruptionBudget (named after the Deployment, selecting its pods)
   * every Deployment gets in every cluster unless its workload says
   * otherwise; none when omitted.
   */
  disruptionBudget: disruptionBudgetSchema.optional(),
  /** One cluster per environment of `awsOps.environments`. */
  clusters: z.record(z.string(), clusterSchema),
  /** Per component, per environment: what differs from the manifests and when. */
  workloads: z
    .record(z.string(), z.record(z.string(), workloadSchema))
    .default({}),
  /**
   * Per environment: the EKS updates (ListUpdates, DescribeUpdate
   * `VersionUpdate`) of its cluster and node groups, relative to the
   * current cycle's start.
   */
  updates: z.record(z.string(), z.array(updateSchema)).default({}),
});

export type EksSection = z.infer<typeof eksSectionSchema>;
export type EksScenarioCluster = z.infer<typeof clusterSchema>;
export type EksScenarioWorkload = z.infer<typeof workloadSchema>;
export type EksScenarioRollout = z.infer<typeof rolloutSchema>;
export type EksScenarioPod = z.infer<typeof podSchema>;
export type EksScenarioUpdate = z.infer<typeof updateSchema>;

/**
 * The scenario's `eks` section, checked: components must be store
 * components, environments must have a cluster, times must fall in the
 * cycle, rollouts must not overlap.
 */
export function readEksSection(scenario: Scenario): EksSection {
  const section = parseSection(scenario, 'eks', eksSectionSchema);
  const cycle = scenario.clock.cycleMinutes;
  const fail = (where: string, message: string) => {
    throw new Error(`${scenario.file}: eks.${where}: ${message}`);
  };
  for (const [env, cluster] of Object.entries(section.clusters)) {
    for (const [m] of cluster.load) {
      if (m >= cycle)
        fail(`clusters.${env}.load`, `minute ${m} is outside the cycle`);
    }
  }
  for (const [env, updates] of Object.entries(section.updates)) {
    const cluster = section.clusters[env];
    if (!cluster) fail(`updates.${env}`, `no cluster for environment '${env}'`);
    for (const update of updates) {
      if (
        update.nodeGroup &&
        !cluster.nodeGroups.some(g => g.name === update.nodeGroup)
      ) {
        fail(
          `updates.${env}`,
          `no node group '${update.nodeGroup}' in the cluster`,
        );
      }
    }
  }
  for (const [component, byEnv] of Object.entries(section.workloads)) {
    scenario.assertComponent(component, `eks.workloads.${component}`);
    for (const [env, workload] of Object.entries(byEnv)) {
      const where = `workloads.${component}.${env}`;
      if (!section.clusters[env])
        fail(where, `no cluster for environment '${env}'`);
      const rollouts = [...workload.rollouts].sort((a, b) => a.at - b.at);
      rollouts.forEach((r, i) => {
        const next = rollouts[i + 1]?.at ?? cycle + (rollouts[0]?.at ?? 0);
        if (r.at >= cycle)
          fail(where, `rollout at ${r.at} is outside the cycle`);
        if (r.at + Math.max(r.minutes, r.rollbackAfter ?? 0) > next)
          fail(where, `rollout at ${r.at} overlaps the next one`);
      });
      for (const pod of workload.pods) {
        if (
          pod.restarts !== undefined &&
          pod.restartEveryMinutes !== undefined
        ) {
          fail(
            where,
            `pod ${pod.index} has both restarts and restartEveryMinutes`,
          );
        }
      }
    }
  }
  return section;
}

/**
 * The scenario's EKS calendar as an `awsOps.eks.versionSupport` table: what
 * AWS's DescribeClusterVersions would say, for runs on moto (which lacks it).
 */
export function eksVersionSupportTable(
  scenario: Scenario,
): Array<{ version: string; endOfStandardSupport: string }> {
  return readEksSection(scenario).versions.map(v => ({
    version: v.version,
    endOfStandardSupport: v.endOfStandardSupport,
  }));
}
