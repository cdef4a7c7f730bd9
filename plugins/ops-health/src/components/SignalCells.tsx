import {
  ComponentHealth,
  HealthSignal,
} from '@internal/backstage-plugin-ops-health-common';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { entityPath } from './levels';

function NotShown(props: { component: ComponentHealth; signal: HealthSignal }) {
  const { component, signal } = props;
  if (component.denied.includes(signal)) {
    return (
      <Typography variant="caption" color="textSecondary">
        not visible to you
      </Typography>
    );
  }
  const failed = component.errors.filter(e => e.signal === signal);
  if (failed.length) {
    return (
      <span title={failed.map(e => `${e.name}: ${e.message}`).join('\n')}>
        <StatusChip level="neutral" label="could not be read" />
      </span>
    );
  }
  return (
    <Typography variant="caption" color="textSecondary">
      –
    </Typography>
  );
}

function TabLink(props: {
  component: ComponentHealth;
  tab: string;
  children: React.ReactNode;
}) {
  return (
    <Link
      component={RouterLink}
      to={entityPath(props.component.entityRef, props.tab)}
    >
      {props.children}
    </Link>
  );
}

export function AlarmsCell({ component }: { component: ComponentHealth }) {
  const alarms = component.alarms;
  if (!alarms) return <NotShown component={component} signal="alarms" />;
  if (alarms.worstState === 'NONE') {
    return (
      <Typography variant="caption" color="textSecondary">
        no linked alarms
      </Typography>
    );
  }
  const total = alarms.inAlarm + alarms.insufficientData + alarms.ok;
  let chip = <StatusChip level="ok" label={`${total} OK`} />;
  if (alarms.inAlarm) {
    chip = (
      <StatusChip
        level="error"
        label={`${alarms.inAlarm} in ALARM`}
        title={alarms.alarming
          .map(a => `${a.environment}: ${a.name} since ${a.since}`)
          .join('\n')}
      />
    );
  } else if (alarms.insufficientData) {
    chip = (
      <StatusChip
        level="warning"
        label={`${alarms.insufficientData} no data`}
      />
    );
  }
  return (
    <TabLink component={component} tab="alarms">
      {chip}
    </TabLink>
  );
}

export function DeploymentsCell({ component }: { component: ComponentHealth }) {
  if (component.type !== 'service') {
    return (
      <Typography variant="caption" color="textSecondary">
        static site
      </Typography>
    );
  }
  const deployments = component.deployments;
  if (deployments?.notDeployed) {
    return (
      <TabLink component={component} tab="eks">
        <StatusChip
          level="neutral"
          label="not deployed yet"
          title="No workload matches its kubernetes-id in any environment"
        />
      </TabLink>
    );
  }
  // Nothing found, but an environment could not be read: the error says why.
  if (!deployments || deployments.workloads === 0) {
    return <NotShown component={component} signal="deployments" />;
  }
  let level: 'ok' | 'warning' | 'error' = 'ok';
  if (
    deployments.failedRollouts.length ||
    deployments.crashLoopingPods.length ||
    (deployments.desired > 0 && deployments.ready === 0)
  ) {
    level = 'error';
  } else if (
    deployments.ready < deployments.desired ||
    deployments.progressingRollouts.length
  ) {
    level = 'warning';
  }
  const details = [
    ...deployments.failedRollouts.map(d => `rollout failed: ${d}`),
    ...deployments.progressingRollouts.map(d => `rolling out: ${d}`),
    ...deployments.crashLoopingPods.map(p => `failing pod: ${p}`),
  ];
  return (
    <TabLink component={component} tab="eks">
      <StatusChip
        level={level}
        label={`${deployments.ready}/${deployments.desired} ready`}
        title={details.join('\n') || undefined}
      />
    </TabLink>
  );
}

export function WafCell({ component }: { component: ComponentHealth }) {
  const waf = component.waf;
  if (!waf) return <NotShown component={component} signal="waf" />;
  return (
    <TabLink component={component} tab="security-events">
      <StatusChip
        level={waf.spike ? 'warning' : 'ok'}
        label={`${waf.blockedLastHour} blocked/h${waf.spike ? ' · spike' : ''}`}
        title={`Baseline ${Math.round(waf.baselineBlockedPerHour)} blocked/h${
          waf.webAcl ? ` on ${waf.webAcl}` : ''
        }`}
      />
    </TabLink>
  );
}
