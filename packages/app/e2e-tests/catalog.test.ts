import { Locator, Page } from '@playwright/test';
import { expectHeadersOnOneLine, wordsSplitAcrossLines } from './entityPage';
import { expect, expectSeen, test } from './seen';
import { signInAsGuest } from './signIn';

/**
 * The catalog as people read it at 1440x900: names, systems, owners and
 * headers never broken inside a word, descriptions long enough to read, and a
 * System filter that narrows the list.
 */

test.use({ viewport: { width: 1440, height: 900 } });

const ALL_COMPONENTS =
  '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all';

const catalogTable = (page: Page) =>
  page.locator('table').filter({ has: page.locator('tbody') });

/**
 * Waits until a person sees the element in the catalog table. The table
 * renders its rows again as each filter's data arrives, which replaces the
 * element while it is being checked; a replaced element is located afresh and
 * checked again. Then waits for the data to stop arriving, so what is measured
 * next is the table as it stays. Returns when the element was first seen.
 */
async function expectSeenInSettledTable(page: Page, locator: Locator) {
  await expect(async () => {
    await expectSeen(locator, { timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  const seen = Date.now();
  await page.waitForLoadState('networkidle');
  await expectSeen(locator);
  return seen;
}

/** The words of an element's text a person sees (not cut off by its box). */
function visibleWords(element: Element): number {
  const box = element.getBoundingClientRect();
  let seen = 0;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.textContent!.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index!);
      range.setEnd(node, word.index! + word[0].length);
      const rect = range.getBoundingClientRect();
      if (rect.bottom <= box.bottom + 1 && rect.right <= box.right + 1) seen++;
    }
  }
  return seen;
}

async function columnIndex(table: Locator, heading: string) {
  const headings = await table.locator('thead th').allInnerTexts();
  const index = headings.findIndex(
    text => text.trim().toLowerCase() === heading.toLowerCase(),
  );
  expect(index, `column ${heading} in ${headings}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

test.describe('the catalog', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('never breaks a name, system, owner or header inside a word, and shows readable descriptions', async ({
    page,
  }) => {
    const started = Date.now();
    await page.goto(ALL_COMPONENTS);
    const table = catalogTable(page);
    const cartService = table.getByRole('row').filter({
      has: page.getByRole('link', { name: 'Cart Service', exact: true }),
    });
    const seen = await expectSeenInSettledTable(page, cartService);
    test.info().annotations.push({
      type: 'time to visible content',
      description: `${ALL_COMPONENTS}: Cart Service's row seen ${
        seen - started
      } ms after navigation, the table settled after ${
        Date.now() - started
      } ms`,
    });
    await page.screenshot({ path: '/work/notes/screens/after/catalog.png' });

    await expectHeadersOnOneLine(table);
    const cells = table.locator('tbody td');
    expect(await cells.count()).toBeGreaterThan(100);
    expect(
      await wordsSplitAcrossLines(cells),
      'words broken across two lines',
    ).toEqual([]);

    // the table fits: nothing cut off at the right
    const [tableWidth, roomWidth] = await table.evaluate(t => [
      t.getBoundingClientRect().width,
      t.parentElement!.getBoundingClientRect().width,
    ]);
    expect(tableWidth).toBeLessThanOrEqual(roomWidth + 1);

    const description = cartService
      .locator(`td:nth-child(${await columnIndex(table, 'Description')})`)
      .locator('p');
    await expectSeen(description);
    expect(
      await description.evaluate(visibleWords),
      'words of "Guest and signed-in shopping carts with live prices, availability and promo codes." a person sees',
    ).toBeGreaterThanOrEqual(8);
  });

  test('narrows the list to one system with the System filter, kept in the URL', async ({
    page,
  }) => {
    await page.goto(ALL_COMPONENTS);
    const table = catalogTable(page);
    await expectSeenInSettledTable(
      page,
      table.getByRole('link', { name: 'Cart', exact: true }),
    );
    const count = async () =>
      Number(
        /\((\d+)\)/.exec(
          await page.getByText(/^All Components \(\d+\)$/).innerText(),
        )![1],
      );
    const all = await count();
    // Cart Service is part of Commerce, the Cart website of Storefront
    const expectCommerceOnly = async () => {
      await expectSeenInSettledTable(
        page,
        table.getByRole('link', { name: 'Cart Service', exact: true }),
      );
      await expect(
        table.getByRole('link', { name: 'Cart', exact: true }),
      ).toHaveCount(0);
    };

    // Material UI v4's autocomplete (every catalog filter) is an unnamed
    // combobox around the text box its label names
    const systemFilter = page.getByRole('textbox', { name: 'System' });
    await expectSeen(systemFilter);
    await systemFilter.click();
    await page.getByRole('option', { name: /^Commerce/ }).click();
    await page.keyboard.press('Escape');

    await expect(page).toHaveURL(
      /filters%5Bsystems%5D=system%3Adefault%2Fcommerce/,
    );
    await expectCommerceOnly();
    const systemColumn = await columnIndex(table, 'System');
    const systems = await table
      .locator(`tbody tr td:nth-child(${systemColumn})`)
      .allInnerTexts();
    expect(systems.length).toBeGreaterThan(0);
    expect(new Set(systems.map(s => s.trim()))).toEqual(new Set(['Commerce']));
    expect(await count()).toBeLessThan(all);
    expect(await count()).toBe(systems.length);

    await page.reload();
    await expectCommerceOnly();
  });

  test("a service's page: time to visible content", async ({ page }) => {
    // it opens the catalog and the page twice on the shared dev portal
    test.slow();
    await page.goto(ALL_COMPONENTS);
    await expectSeenInSettledTable(
      page,
      catalogTable(page).getByRole('link', {
        name: 'Cart Service',
        exact: true,
      }),
    );

    // from the catalog, as people open it
    let started = Date.now();
    await catalogTable(page)
      .getByRole('link', { name: 'Cart Service', exact: true })
      .click();
    await expectSeen(
      page.getByRole('heading', { name: 'Cart Service' }).first(),
    );
    await expectSeen(
      page.getByText(/^Guest and signed-in shopping carts/).first(),
    );
    const fromCatalog = Date.now() - started;

    // a fresh load of the page (a shared link)
    started = Date.now();
    await page.goto('/catalog/default/component/cart-service');
    await expectSeen(
      page.getByRole('heading', { name: 'Cart Service' }).first(),
    );
    await expectSeen(
      page.getByText(/^Guest and signed-in shopping carts/).first(),
    );
    const freshLoad = Date.now() - started;

    test.info().annotations.push({
      type: 'time to visible content',
      description: `/catalog/default/component/cart-service: ${fromCatalog} ms from the catalog, ${freshLoad} ms on a fresh load`,
    });
    await page.screenshot({
      path: '/work/notes/screens/after/service-page.png',
    });
  });
});
