import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import Router from 'express-promise-router';
import request from 'supertest';
import { z } from 'zod';
import { addEntityRoute } from './entityRoute';

const readThings = createPermission({
  name: 'test.things.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/team-cart' },
};

describe('addEntityRoute', () => {
  const read = jest.fn();
  const audit = jest.fn();
  const authorized: string[] = [];

  async function start(result: AuthorizeResult) {
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId, meta }) => ({
        success: async options => audit(eventId, 'success', meta, options),
        fail: async options =>
          audit(eventId, 'fail', meta, options.error.name),
      }),
    });
    const plugin = createBackendPlugin({
      pluginId: 'things',
      register(env) {
        env.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
            permissions: coreServices.permissions,
            auditor: coreServices.auditor,
            catalog: catalogServiceRef,
          },
          async init({ httpRouter, ...services }) {
            const router = Router();
            addEntityRoute(router, services, {
              path: '/things',
              permission: readThings,
              what: 'the things',
              eventId: 'things-read',
              query: z.strictObject({
                limit: z.coerce.number().int().min(1).max(10).default(5),
              }),
              read: async ({ entityRef, query }) => read(entityRef, query),
              auditMeta: body => ({ count: body.count }),
            });
            httpRouter.use(router);
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        plugin,
        auditor.factory,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => {
              authorized.push(`${r.permission.name} ${r.resourceRef}`);
              return { result } as { result: AuthorizeResult.ALLOW };
            }),
        }).factory,
      ],
    });
    return server;
  }

  beforeEach(() => {
    read.mockReset();
    audit.mockReset();
    authorized.length = 0;
  });

  const url = (name: string, query = '') =>
    `/api/things/entities/component/default/${name}/things${query}`;
  const user = mockCredentials.user.header();

  it('reads for a permitted entity with the parsed query and audits the success', async () => {
    read.mockResolvedValue({ count: 3 });
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get(url('cart-service', '?limit=3'))
      .set('authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 3 });
    expect(read).toHaveBeenCalledWith('component:default/cart-service', {
      limit: 3,
    });
    expect(authorized).toEqual([
      'test.things.read component:default/cart-service',
    ]);
    expect(audit).toHaveBeenCalledWith(
      'things-read',
      'success',
      { entityRef: 'component:default/cart-service' },
      { meta: { count: 3 } },
    );
  });

  it('answers 400 for a query of another shape, before anything is read', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    for (const query of ['?limit=99', '?limit[a]=1', '?other=1']) {
      const res = await request(server)
        .get(url('cart-service', query))
        .set('authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
    expect(read).not.toHaveBeenCalled();
    expect(authorized).toEqual([]);
  });

  it('answers 403 when denied, without reading, and audits the failure', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .get(url('cart-service'))
      .set('authorization', user);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Not allowed to read the things of component:default/cart-service',
    );
    expect(read).not.toHaveBeenCalled();
    expect(audit).toHaveBeenCalledWith(
      'things-read',
      'fail',
      { entityRef: 'component:default/cart-service' },
      'NotAllowedError',
    );
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get(url('no-such-service'))
      .set('authorization', user);
    expect(res.status).toBe(404);
    expect(read).not.toHaveBeenCalled();
  });

  it('answers 503 for a throttled AWS call that escaped the service, not 500', async () => {
    read.mockRejectedValue(
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
    );
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get(url('cart-service'))
      .set('authorization', user);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('ThrottlingException: Rate exceeded');
  });
});
