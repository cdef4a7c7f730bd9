import { Locator, Page } from '@playwright/test';
import { expect, expectSeen, test } from './seen';
import { signInAs } from './signIn';

/**
 * A team's page as its lead opens it: what the team owns and where it is paged
 * come first; the relations graph is bounded instead of drawing every member
 * and owned entity in one ~2,300 px column.
 */

test.use({ viewport: { width: 1440, height: 900 } });

const TEAM_PAGE = '/catalog/default/group/team-commerce';

/** An entity card (an <article>) by its title. */
const card = (page: Page, title: string) =>
  page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** Seen without scrolling: inside the first 900 px of the page as it opens. */
async function expectAboveTheFold(page: Page, locator: Locator) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.y + box.height, 'bottom edge within the viewport').toBeLessThan(
    page.viewportSize()!.height,
  );
  await expectSeen(locator);
}

test.describe("a team's page", () => {
  test('shows what the team owns and its on-call channel first, and a bounded graph', async ({
    page,
  }) => {
    await signInAs(page, 'Team lead');
    await page.goto(TEAM_PAGE);

    const owned = card(page, 'Components Team Commerce owns');
    const ownedTable = owned.getByRole('grid');
    for (const component of ['Cart Service', 'Checkout Service']) {
      await expectAboveTheFold(
        page,
        ownedTable.getByRole('link', { name: component, exact: true }),
      );
    }
    // with their systems and whole descriptions, not cut to a line
    const cartRow = ownedTable
      .getByRole('row')
      .filter({ hasText: 'Cart Service' });
    await expect(cartRow).toContainText('Commerce');
    await expectSeen(
      cartRow.getByText(
        'Guest and signed-in shopping carts with live prices, availability and promo codes.',
      ),
    );

    const onCall = page.getByTestId('oncall-channel');
    await expect(onCall).toHaveText('#oncall-team-commerce');
    await expectAboveTheFold(page, onCall);
    await page.screenshot({
      path: '/work/notes/screens/after/team-commerce.png',
    });

    // The graph: the team, its parent group and the systems and domains it
    // owns; members and owned components are in the cards above.
    const graph = card(page, 'Relations to groups and systems');
    await expectSeen(graph.getByText('Engineering', { exact: true }));
    await expectSeen(graph.getByText('Commerce', { exact: true }));
    await expect(graph.getByText('Demo Developer')).toHaveCount(0);
    await expect(graph.getByText('Cart Service')).toHaveCount(0);
    const graphBox = (await graph.boundingBox())!;
    expect(graphBox.height, 'the graph card height in px').toBeLessThan(600);

    const pageHeight = await page.evaluate(
      () => document.documentElement.scrollHeight,
    );
    test.info().annotations.push({
      type: 'team page height',
      description: `${pageHeight} px (relations card ${Math.round(
        graphBox.height,
      )} px)`,
    });
    await page.screenshot({
      path: '/work/notes/screens/after/team-commerce-full.png',
      fullPage: true,
    });
  });
});
