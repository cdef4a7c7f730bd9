import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionPolicy from '@internal/backstage-plugin-permission-backend-module-inbestment';
import request from 'supertest';
import { adminOnlySchedulerServiceFactory } from './schedulerRoutes';

/** A plugin with one scheduled task and one ordinary route. */
const withTask = createBackendPlugin({
  pluginId: 'tasks',
  register(env) {
    env.registerInit({
      deps: {
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
      },
      async init({ scheduler, httpRouter }) {
        await scheduler.scheduleTask({
          id: 'nightly-report',
          frequency: { hours: 24 },
          timeout: { minutes: 1 },
          initialDelay: { hours: 1 },
          fn: async () => {},
        });
        httpRouter.use((_req, res) => {
          res.json({ ok: true });
        });
      },
    });
  },
});

const ownership: Record<string, string[]> = {
  'user:default/demo-developer': ['group:default/team-commerce'],
  'user:default/demo-admin': [
    'group:default/team-platform',
    'group:default/platform-admins',
  ],
};

// generous: the test machine's two cores are shared with running portals
jest.setTimeout(30_000);

describe('scheduler routes', () => {
  let server: Parameters<typeof request>[0];
  const tasks = '/api/tasks/.backstage/scheduler/v1/tasks';
  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        adminOnlySchedulerServiceFactory,
        withTask,
        permissionPlugin,
        permissionPolicy,
        httpAuthServiceFactory,
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials: any) {
              const userEntityRef = credentials.principal.userEntityRef;
              return {
                userEntityRef,
                ownershipEntityRefs: [
                  userEntityRef,
                  ...(ownership[userEntityRef] ?? []),
                ],
              };
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    }));
  });

  it('refuses a developer the list, trigger and cancel', async () => {
    const responses = await Promise.all([
      request(server).get(tasks).set('authorization', as('demo-developer')),
      request(server)
        .post(`${tasks}/nightly-report/trigger`)
        .set('authorization', as('demo-developer')),
      request(server)
        .post(`${tasks}/nightly-report/cancel`)
        .set('authorization', as('demo-developer')),
      request(server)
        .get('/api/tasks/.BACKSTAGE/Scheduler/v1/tasks/')
        .set('authorization', as('demo-developer')),
    ]);
    expect(responses.map(res => [res.status, res.body.error?.message])).toEqual(
      responses.map(() => [
        403,
        'Scheduled tasks may be listed, triggered or cancelled only by platform admins and backend services',
      ]),
    );
  });

  it('lets a platform admin list and trigger tasks', async () => {
    const list = await request(server)
      .get(tasks)
      .set('authorization', as('demo-admin'));
    expect(list.status).toBe(200);
    expect(list.body.tasks.map((task: any) => task.taskId)).toEqual([
      'nightly-report',
    ]);
    const trigger = await request(server)
      .post(`${tasks}/nightly-report/trigger`)
      .set('authorization', as('demo-admin'));
    expect(trigger.status).toBe(200);
  });

  it('lets backend services in without asking the policy', async () => {
    const list = await request(server)
      .get(tasks)
      .set('authorization', mockCredentials.service.header());
    expect(list.status).toBe(200);
  });

  it("leaves the plugin's other routes to the plugin", async () => {
    const res = await request(server)
      .get('/api/tasks/anything')
      .set('authorization', as('demo-developer'));
    expect(res.status).toBe(200);
  });
});
