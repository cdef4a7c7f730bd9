import { APIRequestContext, expect } from '@playwright/test';

/** The running portal's backend, for tests that call its API directly. */
export const BACKEND = 'http://localhost:7007';

/** Who a test calls the backend as: the guest (demo-developer) or a demo user of the embedded default. */
export type ApiUser =
  | 'guest'
  | 'demo-developer'
  | 'demo-lead'
  | 'demo-oncall'
  | 'demo-auditor'
  | 'demo-admin';

/** A Backstage token of the user, from the local guest or demo sign-in's refresh endpoint. */
export async function tokenOf(request: APIRequestContext, user: ApiUser) {
  const res =
    user === 'guest'
      ? await request.get(`${BACKEND}/api/auth/guest/refresh?env=development`, {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        })
      : await request.get(`${BACKEND}/api/auth/demo/refresh?env=development`, {
          headers: {
            'X-Requested-With': 'XMLHttpRequest',
            'x-inbestment-demo-user': `user:default/${user}`,
          },
        });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()).backstageIdentity.token as string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
