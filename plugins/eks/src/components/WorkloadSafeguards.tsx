import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import {
  EksContainerResources,
  EksDeployment,
  EksDisruptionBudget,
} from '@internal/backstage-plugin-eks-common';

function budgetRule(budget: EksDisruptionBudget): string {
  if (budget.minAvailable !== undefined) {
    return `min available ${budget.minAvailable}`;
  }
  if (budget.maxUnavailable !== undefined) {
    return `max unavailable ${budget.maxUnavailable}`;
  }
  return 'no rule';
}

/**
 * The PodDisruptionBudgets that select the Deployment's pods: what keeps a
 * replica up through a node drain or an upgrade (the scorecard's budget check).
 */
export function DisruptionBudgets(props: { deployment: EksDeployment }) {
  const { disruptionBudgets, disruptionBudgetsError } = props.deployment;
  if (!disruptionBudgets) {
    return (
      <StatusChip
        level="neutral"
        label="unknown"
        title={disruptionBudgetsError ?? 'The budgets could not be read'}
      />
    );
  }
  if (disruptionBudgets.length === 0) {
    return (
      <StatusChip
        level="warning"
        label="none"
        title="No PodDisruptionBudget selects these pods: a node drain may evict every replica at once"
      />
    );
  }
  return (
    <>
      {disruptionBudgets.map(budget => (
        <Box
          key={budget.name}
          display="flex"
          alignItems="center"
          style={{ gap: 4 }}
        >
          <span>
            {budget.name}: {budgetRule(budget)}
            {budget.disruptionsAllowed !== undefined &&
              ` · ${budget.disruptionsAllowed} eviction${
                budget.disruptionsAllowed === 1 ? '' : 's'
              } allowed now`}
          </span>
          {!budget.keepsPodAvailable && (
            <StatusChip
              level="warning"
              label="keeps no pod"
              title="This budget lets every replica be evicted at once"
            />
          )}
        </Box>
      ))}
    </>
  );
}

function quantities(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([resource, quantity]) => `${resource} ${quantity}`)
    .join(', ');
}

/** `kind` and its quantities, or a warning chip saying they are missing and why that matters. */
function Quantities(props: {
  kind: 'requests' | 'limits';
  values: Record<string, string>;
  missing: string;
}) {
  return Object.keys(props.values).length > 0 ? (
    <span>{`${props.kind} ${quantities(props.values)}`}</span>
  ) : (
    <StatusChip
      level="warning"
      label={`no ${props.kind}`}
      title={props.missing}
    />
  );
}

function ContainerResources(props: { resources: EksContainerResources }) {
  const { container, requests, limits } = props.resources;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <span>{container}:</span>
      <Quantities
        kind="requests"
        values={requests}
        missing="Without requests the scheduler cannot place the pod by what it needs"
      />
      <span>·</span>
      <Quantities
        kind="limits"
        values={limits}
        missing="Without limits one pod can starve its neighbours on the node"
      />
    </Box>
  );
}

/** Requests and limits of each container of the pod template. */
export function Resources(props: { deployment: EksDeployment }) {
  const { resources } = props.deployment;
  if (!resources?.length) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        not reported
      </Typography>
    );
  }
  return (
    <>
      {resources.map(r => (
        <ContainerResources key={r.container} resources={r} />
      ))}
    </>
  );
}
