import { isChildPath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** What the catalog may read from the server's disk. */
export interface AllowedListing {
  /** Single files (the matches of `inbestment.catalogFiles`). */
  files: string[];
  /** Folders whose every file may be read (the local publish dir). */
  dirs: string[];
}

/**
 * The current listing of what the catalog may read. `fresh` asks for one
 * listed just now: a path missing from a cached listing is looked up again
 * before it is refused, so a file added a moment ago is not.
 */
export type AllowedFiles = (options?: { fresh?: boolean }) => AllowedListing;

/**
 * Lists at most once per `maxAgeMs`, and on a `fresh` request at most once
 * per `minAgeMs`. Listing globs every pattern of `inbestment.catalogFiles`;
 * done on every read, as before, each of thousands of file locations (read
 * again on every processing cycle) listed the whole tree, so a cycle cost
 * files squared and the processing loop held both cores. Only additions can
 * be missed by a cached listing, and a miss re-lists: a file that left the
 * listing is gone from disk, and every read resolves its path again.
 */
export function cachedListing(
  list: () => AllowedListing,
  options: { maxAgeMs: number; minAgeMs: number; clock?: () => number },
): AllowedFiles {
  const clock = options.clock ?? Date.now;
  let current: { listing: AllowedListing; listedAt: number } | undefined;
  return ({ fresh = false } = {}) => {
    const age = current ? clock() - current.listedAt : Infinity;
    if (age >= (fresh ? options.minAgeMs : options.maxAgeMs)) {
      current = { listing: list(), listedAt: clock() };
    }
    return current!.listing;
  };
}

/** The real paths of a listing's files, resolved once per listing. */
const realFilesOf = (() => {
  const resolved = new WeakMap<AllowedListing, Set<string>>();
  return (listing: AllowedListing) => {
    let files = resolved.get(listing);
    if (!files) {
      files = new Set(listing.files.map(realPath));
      resolved.set(listing, files);
    }
    return files;
  };
})();

/** The file a path leads to through its symlinks (the path itself when it does not exist). */
export function realPath(file: string) {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * Whether the catalog may read a path: after resolving its symlinks, it is one of the allowed files or lies inside
 * an allowed folder. Read through {@link realPath} afterwards, so what was checked is what is read.
 */
export function readableBy(allowedFiles: AllowedFiles) {
  return (file: string) => {
    const real = realPath(file);
    const listed = (listing: AllowedListing) =>
      realFilesOf(listing).has(real) ||
      listing.dirs.some(dir => isChildPath(dir, file));
    return listed(allowedFiles()) || listed(allowedFiles({ fresh: true }));
  };
}
