import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityWafEventsResponse } from '@internal/backstage-plugin-waf-common';
import { fireEvent, screen } from '@testing-library/react';
import { WafApi, wafApiRef } from '../api';
import { WafEventsContent } from './WafEventsContent';
import { WafSummaryCard } from './WafSummaryCard';

/** Core-components tables render slowly in jsdom on a busy machine. */
const RENDERED = { timeout: 10_000 };

// A test waits up to RENDERED for a table: jest's 5 s default would end it first.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'identity-service', namespace: 'default' },
  spec: { type: 'service' },
};

const now = Date.now();
const counts = { allowed: 0, blocked: 0, counted: 0, captcha: 0, challenge: 0 };

function response(
  window: EntityWafEventsResponse['window'],
): EntityWafEventsResponse {
  return {
    source: 'demo',
    fetchedAt: new Date(now).toISOString(),
    entityRef: 'component:default/identity-service',
    window,
    webAcl: {
      name: 'inbestment-alb',
      scope: 'REGIONAL',
      locations: [
        {
          environment: 'prod',
          accountId: '111122223333',
          region: 'eu-west-1',
          logGroup: 'aws-waf-logs-inbestment-alb',
        },
      ],
    },
    filter: { host: 'api.inbestment.shop', pathPrefix: '/api/identity/' },
    counts: {
      scope: 'component',
      label: 'inbestment:component:identity-service',
      labelNamespaces: [
        'awswaf:111122223333:webacl:inbestment-alb:inbestment:component',
      ],
    },
    totals: { ...counts, allowed: 12, blocked: 40, counted: 2 },
    bucketMs: 60_000,
    series: [
      {
        start: new Date(now - 60_000).toISOString(),
        ...counts,
        allowed: 12,
        blocked: 40,
        counted: 2,
        byRule: [{ ruleId: 'RateLimitLogin', blocked: 950 }],
      },
    ],
    topRules: [
      {
        ruleId: 'RateLimitLogin',
        metricName: 'rate-limit-login',
        kind: 'BLOCK',
        ...counts,
        blocked: 950,
        total: 950,
      },
      {
        ruleId: 'AWS-AWSManagedRulesSQLiRuleSet',
        metricName: 'aws-sqli',
        kind: 'GROUP',
        ruleGroup: 'AWS#AWSManagedRulesSQLiRuleSet',
        ...counts,
        blocked: 1,
        total: 1,
      },
    ],
    topClientIps: [{ clientIp: '91.240.118.203', country: 'RU', blocked: 30 }],
    topCountries: [{ country: 'RU', blocked: 40 }],
    recentBlocked: [
      {
        time: new Date(now - 30_000).toISOString(),
        method: 'POST',
        uri: '/api/identity/login',
        host: 'api.inbestment.shop',
        ruleId: 'RateLimitLogin',
        action: 'BLOCK',
        country: 'RU',
        clientIp: '91.240.118.203',
        requestId: 'r1',
        headers: [{ name: 'user-agent', value: 'python-requests/2.32.3' }],
      },
    ],
    sample: {
      startTime: new Date(now - 15 * 60_000).toISOString(),
      endTime: new Date(now).toISOString(),
      windowMs: 15 * 60_000,
      refreshMs: 5 * 60_000,
      limit: 1000,
      returned: 1000,
      limitReached: true,
      matched: 40,
      shown: 40,
      matchedBy: 'label',
      malformed: 0,
      recordsScanned: 1_800_000,
      bytesScanned: 2_700_000_000,
    },
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
  };
}

function render(api: WafApi, content = <WafEventsContent />) {
  return renderInTestApp(
    <TestApiProvider apis={[[wafApiRef, api]]}>
      <EntityProvider entity={entity}>{content}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('WafEventsContent', () => {
  it('shows totals, rules, client IPs, blocked requests with their headers, errors and the demo label', async () => {
    const windows: string[] = [];
    render({
      getEvents: async (_, window) => {
        windows.push(window);
        return response(window);
      },
    });
    expect(
      await screen.findByText('40 blocked', {}, RENDERED),
    ).toBeInTheDocument();
    expect(screen.getByTestId('demo-data-banner')).toBeInTheDocument();
    expect(screen.getByText('inbestment-alb')).toBeInTheDocument();
    expect(screen.getByText('/api/identity/')).toBeInTheDocument();
    expect(
      screen.getByText('inbestment:component:identity-service'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/group AWS#AWSManagedRulesSQLiRuleSet/),
    ).toBeInTheDocument();
    expect(screen.getAllByText('91.240.118.203')).toHaveLength(2);
    expect(screen.getByText('/api/identity/login')).toBeInTheDocument();
    // Every truncation is said.
    expect(screen.getByTestId('waf-sample-limit')).toHaveTextContent(
      'Only the latest 1,000 blocked requests of web ACL inbestment-alb in the last 15 min were read',
    );
    expect(screen.getByTestId('waf-sample-caption')).toHaveTextContent(
      "From the latest 1,000 blocked requests of web ACL inbestment-alb in the last 15 min (CloudWatch Logs Insights, refreshed at most every 5 min): 1,000 returned, 40 this component's (by its WAF label).",
    );
    expect(
      screen.getByText(/ThrottlingException: Rate exceeded/),
    ).toBeInTheDocument();
    expect(screen.getByText('950')).toBeInTheDocument();

    expect(
      screen.queryByText('python-requests/2.32.3'),
    ).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Show request headers'));
    expect(
      await screen.findByText('python-requests/2.32.3', {}, RENDERED),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByLabelText('24h'));
    await screen.findByText('40 blocked', {}, RENDERED);
    expect(windows).toEqual(['1h', '24h']);
  });

  it('says so when the component had no traffic in the window', async () => {
    render({
      getEvents: async () => ({
        ...response('1h'),
        totals: counts,
        sample: { ...response('1h').sample, matched: 0, shown: 0 },
        series: [],
        topRules: [],
        topClientIps: [],
        topCountries: [],
        recentBlocked: [],
        errors: [],
      }),
    });
    expect(
      await screen.findByText('No requests in the last 1h'),
    ).toBeInTheDocument();
  });

  it('summarises the last hour on the overview card', async () => {
    const windows: string[] = [];
    render(
      {
        getEvents: async (_, window) => {
          windows.push(window);
          return response(window);
        },
      },
      <WafSummaryCard />,
    );
    expect(await screen.findByText('40 blocked')).toBeInTheDocument();
    expect(screen.getByText('RateLimitLogin')).toBeInTheDocument();
    expect(screen.getByText('91.240.118.203')).toBeInTheDocument();
    expect(
      screen.getByText(/1 part\(s\) could not be loaded/),
    ).toBeInTheDocument();
    expect(windows).toEqual(['1h']);
  });
});
