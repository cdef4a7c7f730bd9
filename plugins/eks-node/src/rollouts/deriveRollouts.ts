import {
  EksRollout,
  EksRolloutOutcome,
} from '@internal/backstage-plugin-eks-common';
import {
  isOwnedBy,
  parseImage,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  rolloutStateOf,
} from '../kubernetes/objects';
import { Container, Deployment, ReplicaSet } from '../kubernetes/types';

/** A rollout of one Deployment, before it is placed in an environment. */
export type DeploymentRollout = Omit<EksRollout, 'environment'>;

/** Kubernetes' default `spec.progressDeadlineSeconds`. */
const DEFAULT_PROGRESS_DEADLINE_S = 600;

interface RevisionEntry {
  revision: number;
  replicaSet: ReplicaSet;
  /** The ReplicaSet stood for an earlier revision already: this revision re-used it (a rollback). */
  reused: boolean;
}

const toInt = (text: string | undefined) => {
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : undefined;
};
const ms = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
};
const isoOf = (t: number | undefined) =>
  t === undefined ? undefined : new Date(t).toISOString();

function versionOf(containers: Container[]): string {
  const first = containers[0];
  if (!first) return 'unknown';
  return parseImage(first.image).tag ?? first.image;
}

/**
 * Every revision the Deployment's ReplicaSets stand for, oldest first: a
 * ReplicaSet's own `revision`, and each of its `revision-history` entries
 * (the revisions it stood for before it was re-used).
 */
function revisionEntries(
  deployment: Deployment,
  replicaSets: ReplicaSet[],
): RevisionEntry[] {
  const entries = new Map<number, RevisionEntry>();
  for (const replicaSet of replicaSets) {
    if (!isOwnedBy(replicaSet, 'Deployment', deployment)) continue;
    const annotations = replicaSet.metadata.annotations ?? {};
    const revision = toInt(annotations[REVISION_ANNOTATION]);
    if (revision === undefined) continue;
    const history = (annotations[REVISION_HISTORY_ANNOTATION] ?? '')
      .split(',')
      .map(r => toInt(r.trim()))
      .filter((r): r is number => r !== undefined && r < revision);
    const first = Math.min(revision, ...history);
    for (const r of [...history, revision]) {
      entries.set(r, { revision: r, replicaSet, reused: r !== first });
    }
  }
  return [...entries.values()].sort((a, b) => a.revision - b.revision);
}

/**
 * The rollouts of a Deployment, oldest first, from its ReplicaSets (those
 * that name it in their ownerReferences) and their revision annotations.
 * The rules are in the eks-node README ("Rollouts from ReplicaSets").
 */
export function deriveRollouts(
  deployment: Deployment,
  replicaSets: ReplicaSet[],
): DeploymentRollout[] {
  const entries = revisionEntries(deployment, replicaSets);
  if (entries.length === 0) return [];
  const current =
    toInt(deployment.metadata.annotations?.[REVISION_ANNOTATION]) ??
    entries[entries.length - 1].revision;
  const deadlineMs =
    (deployment.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_S) *
    1000;
  const progressing = deployment.status?.conditions?.find(
    c => c.type === 'Progressing',
  );
  const containersOf = (entry: RevisionEntry) =>
    entry.replicaSet.spec.template?.spec?.containers ??
    (entry.revision === current
      ? deployment.spec.template.spec.containers
      : []);

  // When each revision started: a ReplicaSet's creation for the revision it
  // was created for; for a re-used one Kubernetes records no time, except
  // for the current revision when the Progressing condition changed status
  // after the previous revision started (the rollback of a stalled rollout).
  const starts = new Map<number, number | undefined>();
  entries.forEach((entry, i) => {
    let start: number | undefined;
    if (!entry.reused) {
      start = ms(entry.replicaSet.metadata.creationTimestamp);
    } else if (entry.revision === current) {
      const transition = ms(progressing?.lastTransitionTime);
      const previous = i > 0 ? starts.get(entries[i - 1].revision) : undefined;
      if (
        transition !== undefined &&
        previous !== undefined &&
        transition > previous
      ) {
        start = transition;
      }
    }
    starts.set(entry.revision, start);
  });

  const rollouts: DeploymentRollout[] = [];
  entries.forEach((entry, i) => {
    const startedAt = starts.get(entry.revision);
    if (startedAt === undefined) return;
    const next = entries[i + 1];
    let outcome: EksRolloutOutcome;
    let endedAt: number | undefined;
    if (entry.revision === current || !next) {
      const state = rolloutStateOf(deployment).state;
      if (state === 'failed') {
        outcome = 'stalled';
        endedAt = ms(
          progressing?.lastUpdateTime ?? progressing?.lastTransitionTime,
        );
      } else if (state === 'complete') {
        outcome = 'completed';
        if (progressing?.reason === 'NewReplicaSetAvailable') {
          endedAt = ms(
            progressing.lastUpdateTime ?? progressing.lastTransitionTime,
          );
        }
      } else {
        outcome = 'progressing';
      }
    } else {
      const nextStart = starts.get(next.revision);
      if (next.reused) {
        outcome = 'rolled-back';
        endedAt = nextStart;
      } else if (
        nextStart !== undefined &&
        nextStart - startedAt < deadlineMs
      ) {
        outcome = 'superseded';
        endedAt = nextStart;
      } else {
        outcome = 'completed';
      }
    }
    const to = containersOf(entry);
    const before = i > 0 ? containersOf(entries[i - 1]) : [];
    const rollout: DeploymentRollout = {
      deployment: deployment.metadata.name,
      revision: String(entry.revision),
      version: versionOf(to),
      images: to.map(c => {
        const from = before.find(b => b.name === c.name)?.image;
        return { container: c.name, ...(from ? { from } : {}), to: c.image };
      }),
      startedAt: isoOf(startedAt)!,
      outcome,
    };
    // An end before the start is a clock skew or a stale condition: not an end.
    if (endedAt !== undefined && endedAt >= startedAt) {
      rollout.endedAt = isoOf(endedAt);
    }
    rollouts.push(rollout);
  });
  return rollouts.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
