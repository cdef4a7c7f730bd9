import { Locator, Page } from '@playwright/test';
import { expect, expectSeen, test } from './seen';

/**
 * Loads an entity page afresh and reports how long until `content` is seen,
 * from navigation and from the portal's shell (the sidebar) being seen: the
 * difference is the time the page itself takes.
 */
export async function openEntityPage(
  page: Page,
  path: string,
  content: Locator,
) {
  const started = Date.now();
  await page.goto(path);
  // The sidebar's <nav> has no box of its own (its drawer is fixed), so its logo marks the shell.
  await expectSeen(page.getByRole('link', { name: 'inbestment home' }));
  const shell = Date.now();
  await expectSeen(content);
  const seen = Date.now();
  test.info().annotations.push({
    type: 'time to visible content',
    description: `${path}: ${seen - started} ms after navigation, ${
      seen - shell
    } ms after the portal's shell`,
  });
  return seen - started;
}

/**
 * Opens a tab of the entity page shown now, as a person does (its link), and
 * reports how long until `content` is seen.
 */
export async function openEntityTab(page: Page, tab: string, content: Locator) {
  const started = Date.now();
  await page.getByRole('link', { name: tab, exact: true }).click();
  await expectSeen(content);
  const ms = Date.now() - started;
  test.info().annotations.push({
    type: 'time to visible content',
    description: `${
      new URL(page.url()).pathname
    }: ${ms} ms after clicking the ${tab} tab`,
  });
  return ms;
}

/** How an element's text is laid out, measured from its text boxes. */
interface TextLayout {
  text: string;
  /** Lines the text takes. */
  lines: number;
  /** Words whose letters sit on more than one line. */
  splitWords: string[];
  /** The text is wider than its element (cut off or ellipsed). */
  clipped: boolean;
}

/** How each header of a table is laid out. */
type HeaderLayout = TextLayout;

/**
 * Lays out each element's text (runs in the page, so it is self-contained).
 * `wordPattern` is the source of a regular expression for one word: `\S+`
 * splits at white space only; `[^\s\-/]+` also lets a word wrap after a
 * hyphen or slash, as browsers do.
 */
function textLayouts(elements: Element[], wordPattern: string): TextLayout[] {
  return elements.map(element => {
    const lineTops = new Set<number>();
    const splitWords: string[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent!.matchAll(
        new RegExp(wordPattern, 'g'),
      )) {
        const range = document.createRange();
        range.setStart(node, word.index!);
        range.setEnd(node, word.index! + word[0].length);
        // one box per line the word's letters are on
        const tops = new Set(
          [...range.getClientRects()]
            .filter(box => box.width > 0)
            .map(box => Math.round(box.top)),
        );
        tops.forEach(top => lineTops.add(top));
        if (tops.size > 1) splitWords.push(word[0]);
      }
    }
    return {
      text: element.textContent!.trim(),
      lines: lineTops.size,
      splitWords,
      clipped: element.scrollWidth > element.clientWidth + 1,
    };
  });
}

async function headerLayouts(table: Locator): Promise<HeaderLayout[]> {
  const layouts = await table
    .locator('thead th')
    .evaluateAll(textLayouts, '\\S+');
  return layouts.filter(header => header.text !== '');
}

/**
 * The words of the located elements' text that are broken inside the word
 * across two lines ("Cart Servic" / "e"). A hyphen or slash is a fair place
 * to wrap, so they end a word here. Fails if nothing is located.
 */
export async function wordsSplitAcrossLines(
  located: Locator,
): Promise<string[]> {
  const layouts = await located.evaluateAll(textLayouts, '[^\\s\\-/]+');
  expect(layouts.length, 'elements to measure').toBeGreaterThan(0);
  return layouts.flatMap(layout => layout.splitWords);
}

/**
 * Every header of the table is on one line: no word split across lines, no
 * header wrapped or cut off. Fails with the headers that are not.
 */
export async function expectHeadersOnOneLine(table: Locator) {
  const layouts = await headerLayouts(table);
  expect(layouts.length, 'the table has headers').toBeGreaterThan(0);
  expect(
    layouts.filter(
      header =>
        header.lines !== 1 || header.splitWords.length > 0 || header.clipped,
    ),
    'headers that wrap, split a word or are cut off',
  ).toEqual([]);
}
