export {
  usePortalUser,
  type PortalUser,
  type PortalGroup,
} from './usePortalUser';
export {
  roleLabels,
  type Role,
} from '@internal/backstage-plugin-permission-inbestment-common';
