import fs from 'fs';
import { globSync } from 'glob';
import path from 'path';
import { findDocsFolderViolations } from './docsFolder';
import { checkMkdocsConfig } from './mkdocsConfig';

/**
 * Every mkdocs config in the repository passes the allowlist: the store's docs,
 * the browser tests' fixtures, the templates' skeletons (and their rendered
 * golden outputs); only the fixtures written to be refused are refused.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const hostileFixtures = 'packages/app/e2e-tests/fixtures/techdocs-trust/';
/** The setting each hostile fixture must be refused for. */
const refusedSetting: Record<string, string> = {
  [`${hostileFixtures}snippets/mkdocs.yml`]:
    'markdown_extensions: pymdownx.snippets',
  [`${hostileFixtures}env/mkdocs.yml`]: 'site_name',
};

const configFiles = globSync('**/mkdocs.{yml,yaml}{,.njk}', {
  cwd: repoRoot,
  ignore: [
    '**/node_modules/**',
    '.git/**',
    'data/**',
    '**/dist/**',
    '.tools/**',
  ],
}).sort();

/** A skeleton's `${{ ... }}` expressions only fill values; a plain string stands in for each. */
function withPlaceholders(template: string) {
  return template.replace(/\$\{\{[^}]*\}\}/g, 'placeholder');
}

describe('every mkdocs config in the repository', () => {
  it('is found: one per store component, the skeletons and the fixtures', () => {
    // Every store component (a store-services folder with its catalog file) has docs.
    const storeComponents = fs
      .readdirSync(path.join(repoRoot, 'store-services'))
      .filter(name =>
        fs.existsSync(
          path.join(repoRoot, 'store-services', name, 'catalog-info.yaml'),
        ),
      );
    expect(storeComponents.length).toBeGreaterThan(0);
    expect(
      configFiles.filter(f => f.startsWith('store-services/')).sort(),
    ).toEqual(
      storeComponents.map(name => `store-services/${name}/mkdocs.yml`).sort(),
    );
    expect(configFiles).toEqual(
      expect.arrayContaining([
        'templates/backend-service/skeleton/mkdocs.yml.njk',
        'templates/micro-frontend/skeleton/mkdocs.yml.njk',
        'packages/app/e2e-tests/fixtures/script-injection/mkdocs.yml',
        `${hostileFixtures}snippets/mkdocs.yml`,
      ]),
    );
  });

  it.each(
    configFiles.filter(
      f => !f.startsWith(hostileFixtures) && !f.endsWith('.njk'),
    ),
  )('%s passes the allowlist', async file => {
    await expect(
      findDocsFolderViolations(path.dirname(path.join(repoRoot, file))),
    ).resolves.toEqual([]);
  });

  it.each(configFiles.filter(f => f.endsWith('.njk')))(
    '%s (a template skeleton) passes the allowlist',
    file => {
      const template = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      expect(checkMkdocsConfig(withPlaceholders(template)).violations).toEqual(
        [],
      );
    },
  );

  it.each(configFiles.filter(f => f.startsWith(hostileFixtures)))(
    '%s (a hostile browser-test fixture) is refused',
    async file => {
      const violations = await findDocsFolderViolations(
        path.dirname(path.join(repoRoot, file)),
      );
      expect(violations.map(v => v.setting)).toEqual([refusedSetting[file]]);
    },
  );
});
