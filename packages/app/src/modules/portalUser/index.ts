export {
  usePortalUser,
  type PortalUser,
  type PortalGroup,
} from './usePortalUser';
export { roleLabels, type Role } from './roles';
