import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import {
  readRoleGroups,
  Role,
  rolesOf,
} from '@internal/backstage-plugin-permission-inbestment-common';

/** A catalog group the user belongs to, as shown to people. */
export type PortalGroup = { ref: string; title: string };

/** The signed-in user as the shell and the home page show them. */
export type PortalUser = {
  userEntityRef: string;
  displayName: string;
  picture?: string;
  /** Groups of type `team` the user is a member of. */
  teams: PortalGroup[];
  /** Roles held, most specific first (see `roleLabels`). */
  roles: Role[];
};

const TEAM_GROUP_TYPE = 'team';

function titleOf(entity: Entity | undefined, ref: string): string {
  const profile = entity?.spec?.profile as { displayName?: string } | undefined;
  return (
    profile?.displayName ?? entity?.metadata.title ?? parseEntityRef(ref).name
  );
}

/**
 * Who is signed in: their name and picture from their catalog User entity, the
 * teams they belong to and their roles (from the groups of their token, as the
 * permission policy derives them).
 */
export function usePortalUser() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const configApi = useApi(configApiRef);

  return useAsync(async (): Promise<PortalUser> => {
    const [{ userEntityRef, ownershipEntityRefs }, profile] = await Promise.all(
      [identityApi.getBackstageIdentity(), identityApi.getProfileInfo()],
    );
    const groupRefs = ownershipEntityRefs.filter(
      ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
    );
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: [userEntityRef, ...groupRefs],
      fields: ['kind', 'metadata', 'spec.profile', 'spec.type'],
    });
    const [user, ...groups] = items;
    const userProfile = user?.spec?.profile as
      | { displayName?: string; picture?: string }
      | undefined;

    const teams = groups
      .filter((group): group is Entity => group?.spec?.type === TEAM_GROUP_TYPE)
      .map(group => {
        const ref = stringifyEntityRef(group);
        return { ref, title: titleOf(group, ref) };
      });

    return {
      userEntityRef,
      displayName:
        userProfile?.displayName ??
        profile.displayName ??
        titleOf(user, userEntityRef),
      picture: userProfile?.picture ?? profile.picture,
      teams,
      roles: rolesOf(ownershipEntityRefs, readRoleGroups(configApi)),
    };
  }, [identityApi, catalogApi, configApi]);
}
