import { APIRequestContext, Locator } from '@playwright/test';
import { BACKEND, bearer, tokenOf } from './backendApi';
import { openEntityPage } from './entityPage';
import { expect, expectSeen, test } from './seen';
import { signInAs } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

const CART = 'component:default/cart-service';
const CHECKOUT = 'component:default/checkout-service';

/** What the scorecards backend answers the team lead (the same route the UI reads). */
async function apiAs(request: APIRequestContext, path: string) {
  const token = await tokenOf(request, 'demo-lead');
  const res = await request.get(`${BACKEND}/api/scorecards${path}`, {
    headers: bearer(token),
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** The entity refs of the ranking's rows, top to bottom. */
async function rankedRefs(ranking: Locator) {
  return ranking
    .getByTestId('ranked-service')
    .evaluateAll(cells =>
      cells.map(cell => cell.getAttribute('data-entity-ref') ?? ''),
    );
}

// The embedded default scores the demo scenario's services: the fact
// retrievers read the scenario through the same services as AWS, and the
// first facts are read shortly after the backend starts. Until then a check
// is unknown (not failed), so the card has a level (or "No level") and
// checks either way.
test.describe('Production-readiness scorecards', () => {
  test("a team lead sees cart-service's scorecard and team-commerce's ranking", async ({
    page,
    request,
  }) => {
    // A cold scorecard (facts, checks, catalog) on a busy 2-core machine.
    test.slow();
    await signInAs(page, 'Team lead');
    // The fact retrievers first run a minute after the backend starts (building
    // the docs they read): wait until cart-service's facts are all in, so the
    // page and the API below agree (on the demo every fact is readable).
    await expect
      .poll(
        async () =>
          (
            await apiAs(request, '/entities/component/default/cart-service')
          ).scorecard.counts.unknown,
        { timeout: 150_000, intervals: [2_000] },
      )
      .toBe(0);

    // The card on cart-service's overview, once its data has loaded.
    const card = page.getByTestId('production-readiness-card');
    await openEntityPage(
      page,
      '/catalog/default/component/cart-service',
      card.getByRole('heading', { name: 'Production readiness' }),
    );
    // A cold scorecard reads the facts store and runs the checks first.
    await expectSeen(card.getByTestId('scorecard'), { timeout: 60_000 });
    const chip = card.getByTestId('level-chip').first();
    await expectSeen(chip, { timeout: 60_000 });
    const level = await chip.getAttribute('data-level');
    expect(level, 'the chip names a level or none').toMatch(/^[a-z0-9-]+$/);
    await expectSeen(card.getByTestId('check-counts'));
    await expectSeen(card.getByTestId('next-level'));
    // The lowest level's checks; a level that fully passed starts folded.
    const firstSection = card.getByTestId('level-section').first();
    await expectSeen(firstSection);
    if ((await firstSection.getAttribute('data-open')) !== 'true') {
      await firstSection.getByRole('button', { name: /^Show the/ }).click();
    }
    await expect(firstSection).toHaveAttribute('data-open', 'true');
    const firstCheck = firstSection.getByTestId('check').first();
    await expectSeen(firstCheck);
    await expectSeen(firstCheck.getByTestId('check-name'));
    await expect(firstCheck.getByTestId('check-outcome')).toHaveText(
      /^(passed|failed|unknown)$/,
    );
    await expect(firstCheck).toHaveAttribute(
      'data-outcome',
      /^(passed|failed|unknown)$/,
    );

    // The card shows what the backend scored for the lead.
    const entity = await apiAs(
      request,
      '/entities/component/default/cart-service',
    );
    expect(entity.scorecard.entityRef).toBe(CART);
    expect(level).toBe(entity.scorecard.level ?? 'none');
    await expect(card.getByTestId('check')).toHaveCount(
      entity.scorecard.checks.length,
    );
    await expect(firstCheck).toHaveAttribute(
      'data-check-id',
      entity.scorecard.checks[0].id,
    );
    const failing = card.locator('[data-testid=check][data-outcome=failed]');
    if ((await failing.count()) > 0) {
      // a failing check says where it is fixed, when the config names a link
      const withLinks = entity.scorecard.checks.find(
        (c: { outcome: string; links: unknown[] }) =>
          c.outcome === 'failed' && c.links.length > 0,
      );
      if (withLinks) {
        await expectSeen(
          card
            .locator(`[data-testid=check][data-check-id="${withLinks.id}"]`)
            .getByTestId('fix-links')
            .getByRole('link')
            .first(),
        );
      }
    }
    await chip.scrollIntoViewIfNeeded();
    await card.screenshot({
      path: test.info().outputPath('scorecard-card.png'),
    });
    await page.screenshot({
      path: test.info().outputPath('scorecard-cart-service.png'),
    });

    // The team's Scorecards tab ranks its services as the backend does.
    const ranking = page.getByRole('table', { name: 'Team ranking' });
    // The group page's tab (the sidebar has a Scorecards item too).
    const tab = page
      .locator('main')
      .getByRole('link', { name: 'Scorecards', exact: true });
    await openEntityPage(page, '/catalog/default/group/team-commerce', tab);
    const started = Date.now();
    await tab.click();
    await expectSeen(ranking.getByTestId('ranked-service').first(), {
      timeout: 60_000,
    });
    test.info().annotations.push({
      type: 'time to visible content',
      description: `team-commerce Scorecards tab: ${
        Date.now() - started
      } ms after clicking the tab`,
    });
    await expect(page).toHaveURL(
      /\/catalog\/default\/group\/team-commerce\/scorecards$/,
    );
    const cartRow = ranking
      .getByRole('row')
      .filter({ has: page.locator(`[data-entity-ref="${CART}"]`) });
    const checkoutRow = ranking
      .getByRole('row')
      .filter({ has: page.locator(`[data-entity-ref="${CHECKOUT}"]`) });
    await expectSeen(cartRow);
    await expectSeen(checkoutRow);
    await expectSeen(cartRow.getByRole('link', { name: 'Cart Service' }));
    await expectSeen(cartRow.getByTestId('level-chip'));
    await expectSeen(checkoutRow.getByTestId('level-chip'));
    await expectSeen(cartRow.getByTestId('row-blocking'));

    const team = await apiAs(request, '/teams/default/team-commerce');
    const apiOrder: string[] = team.services.map(
      (s: { entityRef: string }) => s.entityRef,
    );
    expect(apiOrder).toContain(CART);
    expect(apiOrder).toContain(CHECKOUT);
    // every row the backend ranked, in its order (the table shows up to 25)
    const shown = await rankedRefs(ranking);
    expect(shown).toEqual(apiOrder.slice(0, 25));
    expect(shown.indexOf(CART) < shown.indexOf(CHECKOUT)).toBe(
      apiOrder.indexOf(CART) < apiOrder.indexOf(CHECKOUT),
    );
    // the rows are laid out in that order too
    const cartTop = (await cartRow.boundingBox())!.y;
    const checkoutTop = (await checkoutRow.boundingBox())!.y;
    expect(cartTop < checkoutTop).toBe(
      apiOrder.indexOf(CART) < apiOrder.indexOf(CHECKOUT),
    );
    await expect(cartRow.getByTestId('ranked-service')).toHaveAttribute(
      'data-rank',
      String(apiOrder.indexOf(CART) + 1),
    );

    await page.getByTestId('team-ranking').scrollIntoViewIfNeeded();
    await page.getByTestId('team-ranking').screenshot({
      path: test.info().outputPath('scorecard-ranking.png'),
    });
    await page.screenshot({
      path: test.info().outputPath('scorecard-team-commerce.png'),
      fullPage: true,
    });
  });
});
