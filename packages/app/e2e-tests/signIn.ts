import { Page, expect } from '@playwright/test';

async function signInWith(page: Page, button: string) {
  await page.goto('/');
  const signIn = page.getByRole('button', { name: button, exact: true });
  await expect(signIn).toBeVisible();
  await signIn.click();
  await expect(signIn).toBeHidden();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}

/** Signs in with the embedded default's guest provider (demo-developer of team-commerce). */
export async function signInAsGuest(page: Page) {
  await signInWith(page, 'Enter');
}

/** Roles of the embedded default's demo users (auth.providers.demo.users). */
export type DemoRole =
  | 'Developer'
  | 'Team lead'
  | 'On-call'
  | 'Auditor'
  | 'Platform admin';

/** Signs in as the demo user of a role (see the README's permission matrix). */
export async function signInAs(page: Page, role: DemoRole) {
  await signInWith(page, `Sign in as ${role}`);
}
