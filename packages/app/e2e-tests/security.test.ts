import { Page } from '@playwright/test';
import { expect, expectSeen, test } from './seen';
import { DemoRole, signInAs, signInAsGuest } from './signIn';

/** Fails the test on any dialog (alert) and reports what the probes managed to set. */
function watchForInjection(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return {
    dialogs,
    injected: () =>
      page.evaluate(() => (window as { __injected?: string }).__injected),
  };
}

test.describe('catalog text cannot inject script', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('title, description and links of an entity render inert', async ({
    page,
  }) => {
    const probe = watchForInjection(page);
    await page.goto('/catalog/default/component/script-injection-probe');
    // the title is shown as text, not parsed as HTML
    await expect(
      page.getByRole('heading', {
        name: `Probe <img src=x onerror="window.__injected='title'">`,
      }),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Description' }),
    ).toBeVisible();
    // Backstage's Link refuses javascript: URLs (the links card shows the refusal)
    await expect(
      page
        .getByText(
          'Link component rejected javascript: URL as a security precaution',
        )
        .first(),
    ).toBeVisible();
    // markup that survives sanitizing carries no event handlers
    const handlers = await page.locator('main *').evaluateAll(elements =>
      elements.flatMap(element =>
        element
          .getAttributeNames()
          .filter(name => name.toLowerCase().startsWith('on'))
          .map(name => `${element.tagName}.${name}`),
      ),
    );
    expect(handlers).toEqual([]);
    await expect(page.locator('main script')).toHaveCount(0);
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll(links => links.map(a => a.getAttribute('href') ?? ''));
    expect(hrefs.filter(href => /^\s*javascript:/i.test(href))).toEqual([]);
    expect(await probe.injected()).toBeUndefined();
    expect(probe.dialogs).toEqual([]);
  });

  test('TechDocs pages render inert', async ({ page }) => {
    test.setTimeout(240_000);
    const probe = watchForInjection(page);
    await page.goto('/docs/default/component/script-injection-probe');
    // seen, not only in the DOM: the reader keeps its page at opacity 0 until its styles load
    const docs = page.getByText('Text after the probes.');
    await expectSeen(docs, { timeout: 180_000 });
    const link = page.getByText('Docs link probe');
    await expectSeen(link);
    // TechDocs sanitizes the page: the javascript: href is dropped
    expect((await link.getAttribute('href')) ?? '').not.toMatch(
      /^\s*javascript:/i,
    );
    await link.click({ noWaitAfter: true }).catch(() => {});
    await page.waitForTimeout(500);
    expect(await probe.injected()).toBeUndefined();
    expect(probe.dialogs).toEqual([]);
  });
});

test.describe('one demo user per role', () => {
  const users: [DemoRole, string][] = [
    ['Developer', 'Demo Developer'],
    ['Team lead', 'Demo Lead'],
    ['On-call', 'Demo On-call'],
    ['Auditor', 'Demo Auditor'],
    ['Platform admin', 'Demo Admin'],
  ];
  for (const [role, displayName] of users) {
    test(`${role} signs in as its catalog user`, async ({ page }) => {
      await signInAs(page, role);
      await page.goto('/settings');
      await expect(page.getByText(displayName).first()).toBeVisible();
    });
  }

  test('signing out returns to the choice of role', async ({ page }) => {
    await signInAs(page, 'Auditor');
    await page.reload();
    // the choice survives a reload
    await expect(
      page.getByRole('link', { name: 'Catalog', exact: true }).first(),
    ).toBeVisible();
    await page.goto('/settings');
    await page.getByTestId('user-settings-menu').click();
    await page.getByTestId('sign-out').click();
    await expect(
      page.getByRole('button', { name: 'Sign in as Auditor' }),
    ).toBeVisible();
  });
});
