import { createMockDirectory } from '@backstage/backend-test-utils';
import { findDocsFolderViolations } from './docsFolder';

describe('findDocsFolderViolations', () => {
  const mockDir = createMockDirectory();
  const entityDir = mockDir.resolve('entity');

  beforeEach(() => {
    mockDir.clear();
  });

  it('passes a plain docs folder, symlinks inside it, and a folder without a config', async () => {
    mockDir.setContent({
      'entity/mkdocs.yml': 'site_name: Docs\nnav:\n  - Home: index.md\n',
      'entity/docs/index.md': '# Home',
      'entity/docs/guides/setup.md': '# Setup',
      'entity/docs/start.md': ({ symlink }) => symlink('guides/setup.md'),
      'entity/docs/all-guides': ({ symlink }) => symlink('guides'),
      'entity/docs/not-written-yet.md': ({ symlink }) =>
        symlink('guides/later.md'),
    });
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([]);

    mockDir.setContent({ 'entity/docs/index.md': '# Home' });
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([]);
  });

  it('refuses symlinks that leave the docs folder, dangling or looping ones included', async () => {
    mockDir.setContent({
      'outside.txt': 'outside',
      'entity/mkdocs.yml': 'site_name: Docs\n',
      'entity/private.md': 'next to the docs, not in them',
      'entity/docs/index.md': '# Home',
      'entity/docs/hostname.md': ({ symlink }) => symlink('/etc/hostname'),
      'entity/docs/sub/outside.md': ({ symlink }) =>
        symlink('../../../outside.txt'),
      'entity/docs/private.md': ({ symlink }) => symlink('../private.md'),
      'entity/docs/etc': ({ symlink }) => symlink('/etc'),
      'entity/docs/gone.md': ({ symlink }) => symlink('/nowhere/gone.md'),
      'entity/docs/loop-a': ({ symlink }) => symlink('loop-b'),
      'entity/docs/loop-b': ({ symlink }) => symlink('loop-a'),
    });
    const violations = await findDocsFolderViolations(entityDir);
    expect(violations.map(v => v.setting).sort()).toEqual([
      'docs/etc',
      'docs/gone.md',
      'docs/hostname.md',
      'docs/loop-a',
      'docs/loop-b',
      'docs/private.md',
      'docs/sub/outside.md',
    ]);
    expect(violations[0].reason).toBe(
      'it is a symlink that leads out of the docs folder',
    );
  });

  it('checks the folder docs_dir names, and refuses one outside the entity', async () => {
    mockDir.setContent({
      'entity/mkdocs.yml': 'site_name: Docs\ndocs_dir: documentation\n',
      'entity/documentation/index.md': '# Home',
      'entity/documentation/leak.md': ({ symlink }) =>
        symlink('/etc/os-release'),
    });
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([
      {
        setting: 'documentation/leak.md',
        reason: expect.stringContaining('leads out'),
      },
    ]);

    for (const docsDir of ['../other-entity', '/etc', 'docs/../../..']) {
      mockDir.setContent({
        'entity/mkdocs.yml': `docs_dir: ${docsDir}\n`,
        'other-entity/index.md': '# Other',
      });
      await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([
        {
          setting: 'docs_dir',
          reason: "it must be a folder inside the entity's folder",
        },
      ]);
    }

    mockDir.setContent({
      'entity/mkdocs.yml': 'docs_dir: docs\n',
      'entity/docs': ({ symlink }) => symlink('/etc'),
    });
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([
      {
        setting: 'docs_dir',
        reason: "it must be a folder inside the entity's folder",
      },
    ]);
  });

  it('refuses a config file that is a symlink out of the entity, without reading it', async () => {
    mockDir.setContent({
      'outside.yml': 'site_name: Outside\n',
      'entity/mkdocs.yml': ({ symlink }) => symlink('../outside.yml'),
      'entity/docs/index.md': '# Home',
    });
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([
      {
        setting: 'mkdocs.yml',
        reason: "it is a symlink to a file outside the entity's folder",
      },
    ]);

    mockDir.setContent({
      'entity/mkdocs.yaml': ({ symlink }) => symlink('/etc/shadow'),
      'entity/docs/index.md': '# Home',
    });
    const violations = await findDocsFolderViolations(entityDir);
    expect(violations).toEqual([
      {
        setting: 'mkdocs.yaml',
        reason: "it is a symlink to a file outside the entity's folder",
      },
    ]);
  });

  it('checks both config file names, and reports config and folder violations together', async () => {
    mockDir.setContent({
      'entity/mkdocs.yaml': 'site_name: Docs\n',
      'entity/mkdocs.yml': 'site_name: Docs\nhooks: [evil.py]\n',
      'entity/docs/index.md': '# Home',
    });
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([
      { setting: 'hooks', reason: 'it runs Python files on the build host' },
    ]);

    mockDir.setContent({
      'entity/mkdocs.yml': 'site_name: !ENV HOME\n',
      'entity/docs/index.md': ({ symlink }) => symlink('/etc/hostname'),
    });
    // a config with violations is not read further: its docs_dir is not trusted
    await expect(findDocsFolderViolations(entityDir)).resolves.toEqual([
      { setting: 'site_name', reason: expect.stringContaining('!ENV') },
    ]);
  });
});
