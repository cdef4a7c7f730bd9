import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';

export const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * Ownership refs of every user in catalog/org.yaml as Backstage's default sign-in computes them:
 * the user itself plus the groups it belongs to, whether the user lists the group (`memberOf`) or
 * the group lists the user (`members`).
 */
export function orgOwnership(): Map<string, string[]> {
  const docs = parseAllDocuments(
    fs.readFileSync(path.join(repoRoot, 'catalog/org.yaml'), 'utf8'),
  ).map(doc => doc.toJS());
  const groupsOf = new Map<string, Set<string>>();
  const add = (user: string, group: string) => {
    const ref = `user:default/${user}`;
    groupsOf.set(
      ref,
      (groupsOf.get(ref) ?? new Set()).add(`group:default/${group}`),
    );
  };
  for (const doc of docs) {
    if (doc?.kind === 'User') {
      groupsOf.set(
        `user:default/${doc.metadata.name}`,
        groupsOf.get(`user:default/${doc.metadata.name}`) ?? new Set(),
      );
      for (const group of doc.spec.memberOf ?? [])
        add(doc.metadata.name, group);
    }
    if (doc?.kind === 'Group') {
      for (const user of doc.spec.members ?? []) add(user, doc.metadata.name);
    }
  }
  return new Map(
    [...groupsOf].map(([user, groups]) => [
      user,
      [user, ...[...groups].sort()],
    ]),
  );
}

/** A UserInfoService answering with the given ownership refs per user (the user alone if unknown). */
export function userInfoFrom(
  ownership: Map<string, string[]>,
): UserInfoService {
  return {
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = (
        credentials as BackstageCredentials<BackstageUserPrincipal>
      ).principal;
      return {
        userEntityRef,
        ownershipEntityRefs: ownership.get(userEntityRef) ?? [userEntityRef],
      };
    },
  };
}
