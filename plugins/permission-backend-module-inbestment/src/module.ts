import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { InbestmentPermissionPolicy } from './policy';
import { readRoleGroups } from '@internal/backstage-plugin-permission-inbestment-common';

/** Installs the portal's role- and owner-based permission policy (replaces allow-all). */
export const permissionModuleInbestmentPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'inbestment-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new InbestmentPermissionPolicy({
            roleGroups: readRoleGroups(config),
            userInfo,
          }),
        );
      },
    });
  },
});
