import { Page, expect } from '@playwright/test';

async function signInWith(page: Page, button: string) {
  await page.goto('/');
  const signIn = page.getByRole('button', { name: button, exact: true });
  const catalog = page.getByRole('link', { name: 'Catalog', exact: true });
  const failed = page.getByRole('heading', { name: 'Sign-in failed' });
  // `repo start` restarts the backend when someone edits a backend package: a
  // sign-in caught by a restart fails with "Failed to fetch"; try once more.
  for (let attempt = 1; ; attempt++) {
    await expect(signIn).toBeVisible();
    await signIn.click();
    await expect(catalog.first().or(failed)).toBeVisible();
    if (await catalog.first().isVisible()) return;
    if (attempt === 2) {
      throw new Error(
        `Sign-in with "${button}" failed: ${await page
          .locator('main')
          .innerText()}`,
      );
    }
    await page.getByRole('button', { name: 'Back to sign-in' }).click();
  }
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
