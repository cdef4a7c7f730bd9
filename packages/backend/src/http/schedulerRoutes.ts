import {
  coreServices,
  createServiceFactory,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';

/**
 * Listing, triggering and cancelling any plugin's scheduled tasks
 * (`/api/<plugin>/.backstage/scheduler/v1/tasks[/<id>/trigger|cancel]`). Backstage serves these
 * routes without a permission check; the portal's policy grants this one to platform admins only,
 * and backend services are allowed without the policy.
 */
export const schedulerTaskManagePermission = createPermission({
  name: 'scheduler.task.manage',
  attributes: { action: 'update' },
});

/** Where Backstage's scheduler serves its routes in each plugin (Express matches paths case-insensitively). */
const schedulerRoutes = /^\/\.backstage\/scheduler(\/|$)/i;

/**
 * Backstage's scheduler, whose HTTP routes ask the permission policy first. The scheduler adds
 * its routes through the httpRouter it is given; this one puts the check in front of them.
 */
export const adminOnlySchedulerServiceFactory = createServiceFactory({
  service: coreServices.scheduler,
  deps: {
    database: coreServices.database,
    logger: coreServices.logger,
    rootLifecycle: coreServices.rootLifecycle,
    httpRouter: coreServices.httpRouter,
    httpAuth: coreServices.httpAuth,
    permissions: coreServices.permissions,
    pluginMetadata: coreServices.pluginMetadata,
    metrics: metricsServiceRef,
  },
  async factory({ httpRouter, httpAuth, permissions, ...deps }) {
    const checkedRouter: HttpRouterService = {
      // The scheduler's router sees every request of its plugin: check only its own routes.
      use(handler) {
        httpRouter.use(async (req, res, next) => {
          if (schedulerRoutes.test(req.path)) {
            const credentials = await httpAuth.credentials(req, {
              allow: ['user', 'service'],
            });
            const [decision] = await permissions.authorize(
              [{ permission: schedulerTaskManagePermission }],
              { credentials },
            );
            if (decision.result !== AuthorizeResult.ALLOW) {
              throw new NotAllowedError(
                'Scheduled tasks may be listed, triggered or cancelled only by platform admins and backend services',
              );
            }
          }
          handler(req, res, next);
        });
      },
      addAuthPolicy: policy => httpRouter.addAuthPolicy(policy),
    };
    return DefaultSchedulerService.create({
      ...deps,
      httpRouter: checkedRouter,
    });
  },
});
