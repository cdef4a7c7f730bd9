import { Config } from '@backstage/config';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { Minimatch } from 'minimatch';
import path from 'node:path';

/**
 * Tells the store's reviewed catalog files from everything else. An entity is
 * trusted when its origin location, which the catalog sets on every entity a
 * location emits (overwriting whatever the YAML says), is a `file` matched by
 * `inbestment.catalogFiles`.
 */
export class TrustedOrigins {
  /** Globs relative to the backend's working directory, as the catalog module reads them. */
  static fromConfig(config: Config, baseDir = process.cwd()): TrustedOrigins {
    return new TrustedOrigins(
      config.getOptionalStringArray('inbestment.catalogFiles') ?? [],
      baseDir,
    );
  }

  // Compiled once: every AWS read and every overview row asks.
  private readonly patterns: Minimatch[];

  constructor(patterns: string[], baseDir: string) {
    this.patterns = patterns.map(
      pattern => new Minimatch(path.resolve(baseDir, pattern)),
    );
  }

  isTrusted(entity: Entity): boolean {
    const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    if (!origin) return false;
    let target: string;
    try {
      const ref = parseLocationRef(origin);
      if (ref.type !== 'file') return false;
      target = ref.target;
    } catch {
      return false;
    }
    // Only the plain absolute paths the catalog module registers: no `..`, no relative path.
    if (!path.isAbsolute(target) || path.normalize(target) !== target) {
      return false;
    }
    return this.patterns.some(pattern => pattern.match(target));
  }
}
