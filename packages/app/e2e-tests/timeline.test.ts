import { Locator } from '@playwright/test';
import { wordsSplitAcrossLines } from './entityPage';
import { expect, expectSeen, test } from './seen';
import { signInAs } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

/** What a row of the health overview says about its first correlation, read at once. */
interface RowCorrelation {
  component: string;
  sentence: string;
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The top of an element on the page, in CSS pixels. */
async function topOf(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box, 'the element has a box').not.toBeNull();
  return box!.y;
}

// The embedded default plays the store's demo scenario. At every minute of
// the hour at least one critical component's row has a correlation sentence:
// checkout-service's prod latency alarm fires 4 min after its prod rollout
// (in ALARM at minutes 4-12, 24-32 and 44-52), and recommendation-service's
// staging pod-restart alarm fires 3 min after its staging rollout at minute
// 46 (in ALARM except minutes 46-49).
test.describe('The timeline of a red component', () => {
  test('on call opens the red component from the health overview and sees the rollout, the alarm and the correlation sentence on its timeline', async ({
    page,
  }) => {
    // A cold overview and a cold timeline on a busy 2-core machine.
    test.slow();
    await signInAs(page, 'On-call');
    // The Health column sorted ascending: the whole store worst first.
    await page.goto('/health?sort=health&dir=asc');
    await expectSeen(page.getByTestId('health-level').first(), {
      timeout: 60_000,
    });

    // The first red row that says what changed before it went red.
    const redRows = page
      .getByRole('row')
      .filter({
        has: page.locator('[data-testid=health-level][data-level=critical]'),
      })
      .filter({ has: page.getByTestId('row-correlation') });
    const firstRed = redRows.first();
    await expectSeen(firstRed.getByTestId('correlation-sentence'), {
      timeout: 60_000,
    });
    // Read in one go: the overview refreshes every 30 s.
    const picked: RowCorrelation = await firstRed
      .getByTestId('row-correlation')
      .evaluate(element => ({
        component:
          element
            .closest('tr')
            ?.querySelector('[data-testid=health-level]')
            ?.getAttribute('data-component') ?? '',
        sentence:
          element
            .querySelector('[data-testid=correlation-sentence]')
            ?.textContent?.trim() ?? '',
      }));
    expect(picked.component).not.toBe('');
    expect(picked.sentence).toMatch(
      /^\S+ fired \d+ min after \S+ \S+ started rolling out in \S+$/,
    );
    test.info().annotations.push({
      type: 'correlation',
      description: `${picked.component}: ${picked.sentence}`,
    });

    const row = page.getByRole('row').filter({
      has: page.locator(
        `[data-testid=health-level][data-component="${picked.component}"]`,
      ),
    });
    const rowCorrelation = row.getByTestId('row-correlation');
    await expectSeen(rowCorrelation);
    // The sentence links to the alarm, the rollout and the timeline.
    await expectSeen(rowCorrelation.getByRole('link', { name: 'alarm' }));
    await expectSeen(rowCorrelation.getByRole('link', { name: 'rollout' }));
    const timelineLink = rowCorrelation.getByRole('link', {
      name: /^timeline/,
    });
    await expectSeen(timelineLink);
    await page.screenshot({
      path: test.info().outputPath('timeline-health-row.png'),
    });

    // Open the component's timeline from its row.
    await timelineLink.click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${picked.component}/timeline$`),
    );
    // The Timeline tab comes before the AWS tabs it links to.
    const timelineTab = page.getByRole('link', {
      name: 'Timeline',
      exact: true,
    });
    await expectSeen(timelineTab);
    const alarmsTab = page.getByRole('link', { name: 'Alarms', exact: true });
    await expect(alarmsTab).toHaveCount(1);
    expect((await timelineTab.boundingBox())!.x).toBeLessThan(
      (await alarmsTab.boundingBox())!.x,
    );

    // The same sentence, seen, above the events.
    const correlations = page.getByTestId('correlations');
    const sameSentence = new RegExp(`^${escapeRegExp(picked.sentence)}$`);
    const correlation = correlations
      .getByTestId('correlation')
      .filter({
        has: page
          .getByTestId('correlation-sentence')
          .filter({ hasText: sameSentence }),
      })
      .first();
    await expectSeen(correlation, { timeout: 60_000 });
    await expectSeen(correlation.getByTestId('correlation-sentence'));
    expect(
      await wordsSplitAcrossLines(
        correlation.getByTestId('correlation-sentence'),
      ),
    ).toEqual([]);
    await expect(
      correlation.getByRole('link', { name: 'alarm' }),
    ).toHaveAttribute('href', /\/alarms$|console\.aws\.amazon\.com/);
    await expect(
      correlation.getByRole('link', { name: 'rollout' }),
    ).toHaveAttribute('href', /\/eks$|console\.aws\.amazon\.com/);
    await expect(page.getByTestId('demo-data-banner')).toHaveCount(1);

    // The alarm and the rollout it names, on the one time axis, newest first.
    const ids = await correlation.evaluate(element => ({
      alarm: element.getAttribute('data-alarm-event') ?? '',
      rollout: element.getAttribute('data-rollout-event') ?? '',
    }));
    const table = page.getByRole('table', { name: 'Timeline' });
    const eventRow = (id: string) =>
      table.getByRole('row').filter({
        has: page.locator(
          `[data-testid=timeline-event][data-event-id=${JSON.stringify(id)}]`,
        ),
      });
    const alarmRow = eventRow(ids.alarm);
    const rolloutRow = eventRow(ids.rollout);
    await expectSeen(alarmRow);
    await expectSeen(alarmRow.getByText('Alarm', { exact: true }));
    await expectSeen(alarmRow.getByText('ALARM', { exact: true }));
    await expectSeen(alarmRow.getByTestId('correlated-marker'));
    await expectSeen(rolloutRow);
    await expectSeen(rolloutRow.getByText('Rollout', { exact: true }));
    await expectSeen(rolloutRow.getByTestId('correlated-marker'));
    // The alarm fired after the rollout started: it is higher on the axis.
    expect(await topOf(alarmRow)).toBeLessThan(await topOf(rolloutRow));
    expect(await topOf(correlation)).toBeLessThan(await topOf(table));

    // The screenshot shows the sentence and the newest events below it.
    await correlation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('timeline.png') });
    await page.screenshot({
      path: test.info().outputPath('timeline-full.png'),
      fullPage: true,
    });
  });
});
