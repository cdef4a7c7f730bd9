import { isChildPath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** What the catalog may read from the server's disk, re-evaluated on every read. */
export type AllowedFiles = () => {
  /** Single files (the matches of `inbestment.catalogFiles`). */
  files: string[];
  /** Folders whose every file may be read (the local publish dir). */
  dirs: string[];
};

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
  const { files, dirs } = allowedFiles();
  const realFiles = new Set(files.map(realPath));
  return (file: string) =>
    realFiles.has(realPath(file)) || dirs.some(dir => isChildPath(dir, file));
}
