import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  AlarmWindow,
  EntityAlarmsResponse,
  MetricAlarm,
} from '@internal/backstage-plugin-cloudwatch-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { CloudWatchApi, cloudWatchApiRef } from '../api';
import { AlarmsContent } from './AlarmsContent';
import { AlarmsStatusCard } from './AlarmsStatusCard';

/** Core-components tables render slowly in jsdom on a busy machine. */
const RENDERED = { timeout: 10_000 };

// The table, its charts and the window toggles render slowly in jsdom on a busy
// 2-core machine: past jest's 5 s default in a fresh-clone run.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service' },
};

const now = Date.now();
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

function response(window: AlarmWindow): EntityAlarmsResponse {
  return {
    source: 'demo',
    fetchedAt: new Date().toISOString(),
    entityRef: 'component:default/checkout-service',
    window,
    linking: {
      prefix: 'checkout-service',
      names: ['inbestment-alb-5xx-rate'],
      environments: ['prod', 'staging'],
    },
    skipped: { alarms: 0, datapoints: 2 },
    errors: [
      {
        scope: {
          environment: 'staging',
          accountId: '444455556666',
          region: 'eu-west-1',
        },
        name: 'ServiceUnavailableError',
        message: 'ThrottlingException: Rate exceeded',
      },
    ],
    alarms: [
      {
        type: 'metric',
        name: 'checkout-service-latency-p99',
        arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:checkout-service-latency-p99',
        environment: 'prod',
        accountId: '111122223333',
        region: 'eu-west-1',
        state: 'ALARM',
        stateReason:
          'Threshold Crossed: 3 out of the last 5 datapoints were greater than the threshold (1.5)',
        stateUpdatedAt: minutesAgo(4),
        actionsEnabled: true,
        matchedBy: 'prefix',
        consoleUrl:
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/checkout-service-latency-p99',
        metric: {
          namespace: 'AWS/ApplicationELB',
          name: 'TargetResponseTime',
          dimensions: { LoadBalancer: 'app/inbestment-alb/1' },
          statistic: 'p99',
          period: 60,
        },
        threshold: 1.5,
        comparisonOperator: 'GreaterThanThreshold',
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        series: {
          timestamps: [minutesAgo(3), minutesAgo(2), minutesAgo(1)],
          values: [0.8, 1.7, 1.9],
          period: 60,
          statistic: 'p99',
          alarmPeriod: 60,
        },
      },
      {
        type: 'composite',
        name: 'checkout-service-health',
        arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:checkout-service-health',
        environment: 'prod',
        accountId: '111122223333',
        region: 'eu-west-1',
        state: 'ALARM',
        stateReason: 'checkout-service-latency-p99 transitioned to ALARM',
        stateUpdatedAt: minutesAgo(4),
        actionsEnabled: true,
        matchedBy: 'prefix',
        consoleUrl: 'https://example.invalid/health',
        rule: 'ALARM("checkout-service-5xx-rate") OR ALARM("checkout-service-latency-p99")',
      },
      {
        type: 'metric',
        name: 'inbestment-alb-5xx-rate',
        arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:inbestment-alb-5xx-rate',
        environment: 'prod',
        accountId: '111122223333',
        region: 'eu-west-1',
        state: 'OK',
        stateReason:
          'Threshold Crossed: 1 datapoint was not greater than or equal to the threshold (50)',
        stateUpdatedAt: minutesAgo(600),
        actionsEnabled: true,
        matchedBy: 'name',
        consoleUrl: 'https://example.invalid/alb',
        metric: {
          namespace: 'AWS/ApplicationELB',
          name: 'HTTPCode_ELB_5XX_Count',
          dimensions: {},
          statistic: 'Sum',
          period: 60,
        },
        threshold: 50,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 3,
        series: {
          timestamps: [],
          values: [],
          period: 60,
          statistic: 'Sum',
          alarmPeriod: 60,
        },
      },
    ],
  };
}

function render(api: CloudWatchApi, element: JSX.Element) {
  return renderInTestApp(
    <TestApiProvider apis={[[cloudWatchApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('AlarmsContent', () => {
  it('lists alarms worst first in a sortable table with state, reason, condition, rule, chart, errors and the demo label', async () => {
    const getAlarms = jest.fn(async (_ref, window: AlarmWindow) =>
      response(window),
    );
    render({ getAlarms }, <AlarmsContent />);
    const latency = (
      await screen.findByTestId(
        'alarm-checkout-service-latency-p99-prod',
        {},
        RENDERED,
      )
    ).closest('tr')!;
    expect(within(latency).getByText('ALARM')).toBeInTheDocument();
    expect(
      within(latency).getByText(/3 out of the last 5 datapoints/),
    ).toBeInTheDocument();
    expect(
      within(latency).getByText(/p99 over 60 s > 1\.5 for 3 of 5 periods/),
    ).toBeInTheDocument();
    expect(within(latency).getByTestId('metric-chart')).toBeInTheDocument();
    // The chart says what each point is: the alarm's statistic and period.
    expect(within(latency).getByTestId('metric-chart-basis')).toHaveTextContent(
      'p99 per 1 min',
    );
    expect(
      within(latency).getByRole('link', {
        name: /^checkout-service-latency-p99/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('#alarmsV2:alarm/checkout-service-latency-p99'),
    );
    expect(
      screen.getByText(
        'ALARM("checkout-service-5xx-rate") OR ALARM("checkout-service-latency-p99")',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No datapoints in this window.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ThrottlingException: Rate exceeded/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('demo-data-banner')).toBeInTheDocument();
    expect(screen.getByText(/2 unreadable datapoint/)).toBeInTheDocument();
    const order = screen
      .getAllByTestId(/^alarm-/)
      .map(el => el.getAttribute('data-testid'));
    expect(order).toEqual([
      'alarm-checkout-service-latency-p99-prod',
      'alarm-checkout-service-health-prod',
      'alarm-inbestment-alb-5xx-rate-prod',
    ]);
    // a core-components table: sortable by its headers
    fireEvent.click(screen.getByRole('button', { name: 'Alarm' }));
    expect(
      screen
        .getAllByTestId(/^alarm-/)
        .map(el => el.getAttribute('data-testid')),
    ).toEqual([
      'alarm-checkout-service-health-prod',
      'alarm-checkout-service-latency-p99-prod',
      'alarm-inbestment-alb-5xx-rate-prod',
    ]);

    expect(getAlarms).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'checkout-service' }),
      '3h',
    );
    fireEvent.click(screen.getByRole('button', { name: '24h' }));
    expect(
      await screen.findByRole('button', { name: '24h', pressed: true }),
    ).toBeInTheDocument();
    expect(getAlarms).toHaveBeenLastCalledWith(expect.anything(), '24h');
  });

  it("names a long window's coarser period and marks stale data", async () => {
    const stale = response('7d');
    const latency = stale.alarms[0] as MetricAlarm;
    latency.metric = { ...latency.metric!, statistic: 'Sum', period: 300 };
    latency.series = {
      ...latency.series!,
      period: 600,
      statistic: 'Sum',
      alarmPeriod: 300,
      perAlarmPeriod: true,
    };
    stale.stale = {
      since: new Date(Date.now() - 5 * 60_000).toISOString(),
      refreshError: {
        name: 'ServiceUnavailableError',
        message: 'Rate exceeded',
      },
    };
    render({ getAlarms: async () => stale }, <AlarmsContent />);
    expect(
      await screen.findByTestId('metric-chart-basis', {}, RENDERED),
    ).toHaveTextContent(
      "Sum per 10 min, averaged per 5 min (the alarm's period)",
    );
    expect(screen.getByTestId('stale-marker')).toHaveTextContent(
      /5 min ago; refresh failed: Rate exceeded/,
    );
  });

  it('says plainly when the alarms of the component may not be read', async () => {
    const message =
      'Not allowed to read the CloudWatch alarms of component:default/checkout-service';
    const body = JSON.stringify({
      error: { name: 'NotAllowedError', message },
      request: { method: 'GET', url: '/alarms' },
      response: { statusCode: 403 },
    });
    const denied = await ResponseError.fromResponse({
      ok: false,
      status: 403,
      statusText: 'Forbidden',
      url: '/alarms',
      headers: new Map([['content-type', 'application/json']]) as any,
      text: async () => body,
    } as any);
    render(
      {
        getAlarms: async () => {
          throw denied;
        },
      },
      <AlarmsContent />,
    );
    expect(
      await screen.findByText("No access to this component's alarms"),
    ).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('explains the linking annotations when no alarm matches', async () => {
    render(
      {
        getAlarms: async () => ({ ...response('3h'), alarms: [], errors: [] }),
      },
      <AlarmsContent />,
    );
    expect(
      await screen.findByText('No CloudWatch alarms linked to this component'),
    ).toBeInTheDocument();
    expect(screen.getByText('aws-ops.io/alarm-prefix')).toBeInTheDocument();
  });
});

describe('AlarmsStatusCard', () => {
  it('counts alarms per state and names the firing ones', async () => {
    render({ getAlarms: async () => response('1h') }, <AlarmsStatusCard />);
    expect(await screen.findByText('2 ALARM')).toBeInTheDocument();
    expect(screen.getByText('1 OK')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^checkout-service-health/ }),
    ).toBeInTheDocument();
  });
});
