/**
 * The portal's permission policy: roles from catalog group membership, owner-based conditional
 * decisions resolved by the catalog and the scaffolder.
 *
 * @packageDocumentation
 */
export { permissionModuleInbestmentPolicy as default } from './module';
export { InbestmentPermissionPolicy, grantFor, grants } from './policy';
export type { Grant } from './policy';
