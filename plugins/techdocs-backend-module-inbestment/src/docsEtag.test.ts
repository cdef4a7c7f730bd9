import { createMockDirectory } from '@backstage/backend-test-utils';
import { PreparerBase } from '@backstage/plugin-techdocs-node';
import { ChangeDetectingDirectoryPreparer, docsContentEtag } from './docsEtag';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service' },
};

describe('docsContentEtag', () => {
  const mockDir = createMockDirectory();
  const docs = () => ({
    'mkdocs.yml': 'site_name: Cart\nplugins: [techdocs-core]\n',
    'docs/index.md': '# Cart\n',
    'docs/img/diagram.svg': '<svg/>',
    'src/Main.java': 'class Main {}',
  });

  it('stays the same while nothing mkdocs reads changes', async () => {
    mockDir.setContent(docs());
    const first = await docsContentEtag(mockDir.path, 'settings');
    expect(first).toMatch(/^docs-sha256-[0-9a-f]{64}$/);
    mockDir.addContent({ 'src/Main.java': 'class Main { int x; }' });
    expect(await docsContentEtag(mockDir.path, 'settings')).toBe(first);
  });

  it.each([
    ['a page', { 'docs/index.md': '# Cart v2\n' }],
    ['a new file', { 'docs/runbook.md': '# Runbook\n' }],
    ['an image', { 'docs/img/diagram.svg': '<svg></svg>' }],
    [
      'the config',
      { 'mkdocs.yml': 'site_name: Carts\nplugins: [techdocs-core]\n' },
    ],
    ['a README', { 'README.md': '# Readme\n' }],
  ])('changes with %s', async (_, change) => {
    mockDir.setContent(docs());
    const before = await docsContentEtag(mockDir.path, 'settings');
    mockDir.addContent(change);
    expect(await docsContentEtag(mockDir.path, 'settings')).not.toBe(before);
  });

  it('changes with the build settings', async () => {
    mockDir.setContent(docs());
    expect(await docsContentEtag(mockDir.path, 'a')).not.toBe(
      await docsContentEtag(mockDir.path, 'b'),
    );
  });

  it('follows docs_dir', async () => {
    mockDir.setContent({
      'mkdocs.yml': 'site_name: Cart\ndocs_dir: handbook\n',
      'handbook/index.md': '# Cart\n',
    });
    const before = await docsContentEtag(mockDir.path, 's');
    mockDir.addContent({ 'handbook/index.md': '# Cart v2\n' });
    expect(await docsContentEtag(mockDir.path, 's')).not.toBe(before);
  });

  it('has none for a config the allowlist refuses, so it is never taken as unchanged', async () => {
    mockDir.setContent({ 'mkdocs.yml': 'site_name: !ENV HOME\n' });
    expect(await docsContentEtag(mockDir.path, 's')).toBeUndefined();
  });
});

describe('ChangeDetectingDirectoryPreparer', () => {
  const mockDir = createMockDirectory({
    content: { 'mkdocs.yml': 'site_name: Cart\n', 'docs/index.md': '# Cart\n' },
  });
  const local: PreparerBase = {
    prepare: async () => ({ preparedDir: mockDir.path, etag: '' }),
    shouldCleanPreparedDirectory: () => false,
  };
  const preparer = new ChangeDetectingDirectoryPreparer(local, 'settings');

  it('gives local docs an etag, and answers NotModified while they are unchanged', async () => {
    const { etag, preparedDir } = await preparer.prepare(entity);
    expect(preparedDir).toBe(mockDir.path);
    expect(etag).toMatch(/^docs-sha256-/);
    await expect(preparer.prepare(entity, { etag })).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
    mockDir.addContent({ 'docs/index.md': '# Cart v2\n' });
    const changed = await preparer.prepare(entity, { etag });
    expect(changed.etag).not.toBe(etag);
  });

  it("keeps the etag of docs read from a URL (Backstage's reader decides those)", async () => {
    const remote: PreparerBase = {
      prepare: async () => ({ preparedDir: '/tmp/x', etag: 'commit-sha' }),
      shouldCleanPreparedDirectory: () => true,
    };
    const wrapped = new ChangeDetectingDirectoryPreparer(remote, 'settings');
    await expect(wrapped.prepare(entity, { etag: 'older' })).resolves.toEqual({
      preparedDir: '/tmp/x',
      etag: 'commit-sha',
    });
    expect(wrapped.shouldCleanPreparedDirectory()).toBe(true);
  });
});
