import { test as base, expect, Locator, Page } from '@playwright/test';

/**
 * What a person sees, not what is in the DOM. Playwright counts an element at
 * `opacity: 0` (or inside an ancestor at opacity 0, across shadow roots) as
 * visible: a docs test once passed while every docs page was blank.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Aborts every request that leaves this machine, as on a closed network. */
export async function blockOutsideNetwork(page: Page) {
  await page.context().route('**/*', route => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === 'data:' || protocol === 'blob:') return route.continue();
    return LOCAL_HOSTS.has(hostname) ? route.continue() : route.abort();
  });
}

/**
 * Playwright's `test` with the outside network blocked in every page; browser
 * tests import `test` and `expect` from here.
 */
export const test = base.extend<{ closedNetwork: void }>({
  closedNetwork: [
    async ({ page }, use) => {
      await blockOutsideNetwork(page);
      await use();
    },
    { auto: true },
  ],
});

export { expect };

/** Why an element is not seen, or undefined when a person sees it. */
async function whyNotSeen(locator: Locator): Promise<string | undefined> {
  return locator.evaluate(element => {
    // the element and each ancestor, crossing shadow roots to their hosts
    for (let node: Node | null = element; node; ) {
      if (node instanceof Element) {
        const style = getComputedStyle(node);
        const name = `${node.tagName.toLowerCase()}${
          node.id ? `#${node.id}` : ''
        }`;
        if (Number(style.opacity) < 0.5) {
          return `${name} has opacity ${style.opacity}`;
        }
        if (style.visibility === 'hidden' || style.visibility === 'collapse') {
          return `${name} has visibility ${style.visibility}`;
        }
        if (style.display === 'none') return `${name} has display none`;
      }
      node =
        node.parentNode instanceof ShadowRoot
          ? node.parentNode.host
          : node.parentNode;
    }
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) {
      return `it is ${box.width}x${box.height} px`;
    }
    const inView =
      box.bottom > 0 &&
      box.right > 0 &&
      box.top < window.innerHeight &&
      box.left < window.innerWidth;
    if (!inView) return `it is outside the viewport at ${box.left},${box.top}`;
    return undefined;
  });
}

/**
 * Waits until a person sees the element: attached, scrolled into view, not
 * transparent or hidden by itself or any ancestor, with a size, in the viewport.
 */
export async function expectSeen(
  locator: Locator,
  options: { timeout?: number } = {},
) {
  await expect(locator).toBeVisible(options);
  await locator.scrollIntoViewIfNeeded();
  await expect
    .poll(() => whyNotSeen(locator), {
      timeout: options.timeout,
      message: 'a person would not see the element',
    })
    .toBeUndefined();
}
