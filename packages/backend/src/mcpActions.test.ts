import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderServiceMock } from '@backstage/plugin-scaffolder-node/testUtils';
import { cloudWatchAlarmsServiceFactory } from '@internal/backstage-plugin-cloudwatch-backend';
import { eksDeploymentsServiceFactory } from '@internal/backstage-plugin-eks-backend';
import opsHealthPlugin from '@internal/backstage-plugin-ops-health-backend';
import { wafEventsServiceFactory } from '@internal/backstage-plugin-waf-backend';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';

const REPO = path.resolve(__dirname, '../../..');

/**
 * The MCP actions backend as app-config.yaml configures it: its tool list,
 * to a signed-in user, includes the health overview's read-only actions.
 */
describe('MCP actions for assistants', () => {
  const appConfig = parse(
    fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'),
  );

  const start = () =>
    startTestBackend({
      features: [
        mcpActionsPlugin,
        opsHealthPlugin,
        eksDeploymentsServiceFactory,
        cloudWatchAlarmsServiceFactory,
        wafEventsServiceFactory,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        scaffolderServiceMock.mock().factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: appConfig.backend.actions },
            awsOps: {
              accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
              environments: [],
            },
          },
        }),
      ],
    });

  const listTools = (server: any, authorization: string) =>
    request(server)
      .post('/api/mcp-actions/v1')
      .set('authorization', authorization)
      .set('accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });

  it('lists the read-only ops-health actions to a signed-in user', async () => {
    expect(appConfig.backend.actions.pluginSources).toContain('ops-health');
    const { server } = await start();
    const res = await listTools(server, mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body =
      typeof res.body === 'object' && res.body.result
        ? res.body
        : JSON.parse(/data: (.*)/.exec(res.text)![1]);
    const tools = body.result.tools.map((t: any) => t.name).sort();
    expect(tools).toEqual(
      expect.arrayContaining([
        'ops-health.get-component-health',
        'ops-health.get-component-owner',
        'ops-health.get-component-timeline',
        'ops-health.get-firing-alarms',
      ]),
    );
    const timeline = body.result.tools.find(
      (t: any) => t.name === 'ops-health.get-component-timeline',
    );
    expect(timeline.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('lists nothing without a signed-in caller', async () => {
    const { server } = await start();
    const res = await listTools(server, mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
