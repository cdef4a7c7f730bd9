import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AllowedListing, cachedListing, readableBy } from './confinement';

describe('cachedListing', () => {
  let root: string;
  let now: number;
  let listings: number;
  let files: string[];
  const allowedFiles = () =>
    cachedListing(
      (): AllowedListing => {
        listings++;
        return { files: [...files], dirs: [] };
      },
      { maxAgeMs: 30_000, minAgeMs: 1_000, clock: () => now },
    );
  const write = (name: string) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, 'kind: Component\n');
    return file;
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'listing-')));
    now = 0;
    listings = 0;
    files = [write('a.yaml'), write('b.yaml')];
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists once for many reads within its age, again after it', () => {
    const readable = readableBy(allowedFiles());
    for (let i = 0; i < 1000; i++) {
      expect(readable(files[i % 2])).toBe(true);
    }
    expect(listings).toBe(1);
    now = 30_000;
    expect(readable(files[0])).toBe(true);
    expect(listings).toBe(2);
  });

  it('re-lists on a miss, so a file added a moment ago is readable', () => {
    const readable = readableBy(allowedFiles());
    expect(readable(files[0])).toBe(true);
    now = 1_000;
    files.push(write('new.yaml'));
    expect(readable(path.join(root, 'new.yaml'))).toBe(true);
    expect(listings).toBe(2);
  });

  it('re-lists for refused paths at most once per second', () => {
    const readable = readableBy(allowedFiles());
    for (let i = 0; i < 100; i++) {
      expect(readable('/etc/passwd')).toBe(false);
    }
    expect(listings).toBe(1);
    now = 1_000;
    expect(readable('/etc/passwd')).toBe(false);
    expect(listings).toBe(2);
  });

  it('still resolves symlinks on every read: a listed file swapped for a link out is refused', () => {
    const readable = readableBy(allowedFiles());
    expect(readable(files[0])).toBe(true);
    const outside = path.join(root, '..', `outside-${path.basename(root)}`);
    fs.writeFileSync(outside, 'secret');
    try {
      fs.rmSync(files[0]);
      fs.symlinkSync(outside, files[0]);
      // The cached listing names a.yaml, whose path now resolves outside.
      expect(readable(files[0])).toBe(false);
      expect(readable(files[1])).toBe(true);
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });
});
