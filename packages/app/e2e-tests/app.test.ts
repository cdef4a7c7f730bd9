import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test.describe('the bundled store in the portal', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('home page guides each kind of user', async ({ page }) => {
    await expect(page.getByText('Find your way')).toBeVisible();
    // The guest is demo-developer of team-commerce, which owns cart-service.
    const myComponents = page.locator('div', {
      has: page.getByText("My teams' components"),
    });
    await expect(
      myComponents.getByRole('link', { name: /cart-service/i }).first(),
    ).toBeVisible();
  });

  test('catalog lists 16 services and 12 websites', async ({ page }) => {
    await page.goto(
      '/catalog?filters%5Bkind%5D=component&filters%5Btype%5D=service&filters%5Buser%5D=all',
    );
    await expect(page.getByText(/service Components \(16\)/i)).toBeVisible();
    await page.goto(
      '/catalog?filters%5Bkind%5D=component&filters%5Btype%5D=website&filters%5Buser%5D=all',
    );
    await expect(page.getByText(/website Components \(12\)/i)).toBeVisible();
  });

  test('a service page shows its API and its docs', async ({ page }) => {
    await page.goto('/catalog/default/component/cart-service');
    await expect(
      page.getByRole('heading', { name: 'Cart Service' }).first(),
    ).toBeVisible();

    await page.locator('main').getByText('APIs', { exact: true }).click();
    const api = page.getByRole('link', { name: 'Cart Service API' }).first();
    await expect(api).toBeVisible();
    await api.click();
    await expect(
      page.getByRole('heading', { name: 'Cart Service API' }).first(),
    ).toBeVisible();
    // The OpenAPI definition renders on the API's overview.
    await expect(page.getByText('/actuator/health').first()).toBeVisible();

    await page.goto('/docs/default/component/cart-service');
    // TechDocs builds the component's mkdocs site with Debian's mkdocs on first view.
    await expect(
      page.getByRole('link', { name: 'Runbook' }).first(),
    ).toBeVisible({ timeout: 90_000 });
  });
});
