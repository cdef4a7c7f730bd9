import { Locator, Page } from '@playwright/test';
import { expect, expectSeen, test } from './seen';
import { DemoRole, signInAs } from './signIn';

/**
 * The shell as each role sees it: the portal's own name and mark (never
 * "Backstage"), who is signed in, and a home page that leads with the role's
 * own tools, above the fold.
 */

test.use({ viewport: { width: 1440, height: 900 } });

const APP_TITLE = 'inbestment portal';
const SCREENS = '/work/notes/screens/after';

const sidebar = (page: Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

/** Seen without scrolling: inside the first 900 px of the page as it opens. */
async function expectAboveTheFold(page: Page, locator: Locator) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  const scrolled = await page.evaluate(() =>
    Math.max(
      window.scrollY,
      ...[...document.querySelectorAll('main, main *')].map(e => e.scrollTop),
    ),
  );
  expect(scrolled, 'the page is still at its top').toBe(0);
  expect(box.y + box.height, 'bottom edge within the viewport').toBeLessThan(
    page.viewportSize()!.height,
  );
  await expectSeen(locator);
}

const homes: Array<{
  role: DemoRole;
  user: string;
  /** What the sidebar says under the name: teams and role. */
  detail: RegExp;
  /** The first of "Your tools", and where it leads. */
  first: { name: string; path: RegExp; heading: RegExp };
  shot: string;
}> = [
  {
    role: 'Auditor',
    user: 'Demo Auditor',
    detail: /^Auditor$/,
    first: {
      name: 'Access audit',
      path: /\/access-audit$/,
      heading: /Access audit/,
    },
    shot: 'home-auditor.png',
  },
  {
    role: 'On-call',
    user: 'Demo On-call',
    detail: /^Team Commerce · On-call$/,
    first: { name: 'Health overview', path: /\/health$/, heading: /Health/ },
    shot: 'home-oncall.png',
  },
  {
    role: 'Team lead',
    user: 'Demo Lead',
    detail: /^Team Commerce · Team lead$/,
    first: {
      name: 'Team Commerce',
      path: /\/catalog\/default\/group\/team-commerce$/,
      heading: /Team Commerce/,
    },
    shot: 'home-lead.png',
  },
  {
    role: 'Developer',
    user: 'Demo Developer',
    detail: /^Team Commerce · Developer$/,
    first: {
      name: 'Create something new',
      path: /\/create/,
      heading: /Create/,
    },
    shot: 'home-developer.png',
  },
];

test.describe('the shell and home page of each role', () => {
  for (const home of homes) {
    test(`${home.role}: the portal's name, the signed-in user and their own tools first`, async ({
      page,
    }) => {
      await signInAs(page, home.role);

      // The tab names the page and the portal, not the sign-in page before it.
      await expect(page).toHaveTitle(`Home | ${APP_TITLE}`);

      // The portal's own mark and name in the sidebar; "Backstage" nowhere.
      const logo = sidebar(page).getByRole('link', { name: 'inbestment home' });
      await expectSeen(logo);
      await expect(logo).toHaveText('inbestment');
      await expect(sidebar(page)).not.toContainText(/backstage/i);

      // Who is signed in: name, then teams and role.
      const user = sidebar(page).getByTestId('sidebar-user');
      await expectSeen(user.getByText(home.user, { exact: true }));
      await expectSeen(user.getByText(home.detail));

      // Their own tools lead the home page, above the fold.
      const tools = page.getByRole('navigation', { name: 'Your tools' });
      const first = tools.getByRole('link').first();
      await expect(first).toContainText(home.first.name);
      await expectAboveTheFold(page, first);
      await page.screenshot({ path: `${SCREENS}/${home.shot}` });

      await first.click();
      await expect(page).toHaveURL(home.first.path);
      await expectSeen(
        page.getByRole('heading', { name: home.first.heading }).first(),
      );
    });
  }

  test('the tab title follows the page, also after leaving a page that names itself', async ({
    page,
  }) => {
    await signInAs(page, 'Developer');
    await page.goto('/catalog/default/component/cart-service');
    // Backstage's entity header names the tab by the entity's title once it has
    // loaded, by the name from the URL before, and its tabs add the tab's name;
    // react-helmet does not always apply the latest of these, so any names this page.
    await expect(page).toHaveTitle(
      new RegExp(
        `^(Cart Service|cart-service)( \\| Overview)? \\| ${APP_TITLE}$`,
      ),
    );
    await sidebar(page)
      .getByRole('link', { name: 'Catalog', exact: true })
      .click();
    await expect(page).toHaveTitle(`Catalog | ${APP_TITLE}`);
    await page
      .locator('table')
      .getByRole('link', { name: 'Checkout Service', exact: true })
      .click();
    await expect(page).toHaveTitle(
      new RegExp(
        `^(Checkout Service|checkout-service)( \\| Overview)? \\| ${APP_TITLE}$`,
      ),
    );
    await sidebar(page)
      .getByRole('link', { name: 'Health', exact: true })
      .click();
    await expect(page).toHaveTitle(`Health | ${APP_TITLE}`);
    await expect(
      page.locator('link[rel="icon"][type="image/svg+xml"]'),
    ).toHaveAttribute('href', /favicon\.svg$/);
  });
});
