import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import path from 'node:path';
import { glob } from 'glob';
import { AllowedFiles, readableBy, realPath } from './confinement';

/**
 * Reads `file` locations like Backstage's FileReaderProcessor, but only inside the allowed files and folders: every
 * glob match is resolved through its symlinks and must land there. Anything else (`/etc/passwd`, a Location entity's
 * `../../etc/passwd`, a symlink out of the publish dir) is a processing error naming the location, and nothing of it
 * is read. It runs before the default reader (priority 10 < 20) and claims every `file` location, so the default
 * reader never sees one.
 */
export class ConfinedFileReaderProcessor implements CatalogProcessor {
  constructor(private readonly allowedFiles: AllowedFiles) {}

  getProcessorName() {
    return 'ConfinedFileReaderProcessor';
  }

  getPriority() {
    return 10;
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== 'file') {
      return false;
    }
    const permitted = readableBy(this.allowedFiles);
    const refuse = () =>
      emit(
        processingResult.inputError(
          location,
          `file:${location.target} is outside the files the catalog may read`,
        ),
      );

    // Refused before anything is listed, so the answer says nothing about what exists outside.
    if (!permitted(location.target)) {
      refuse();
      return true;
    }
    try {
      const matches = await glob(location.target, {
        windowsPathsNoEscape: true,
      });
      if (matches.length === 0) {
        if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `file:${location.target} does not exist`,
            ),
          );
        }
        return true;
      }
      if (!matches.every(permitted)) {
        refuse();
        return true;
      }
      for (const match of matches) {
        const target = path.normalize(match);
        // Read through the resolved path: what was checked is what is read.
        const data = await fs.promises.readFile(realPath(match));
        for await (const result of parser({
          data,
          location: { type: 'file', target },
        })) {
          emit(result);
          emit(processingResult.refresh(`file:${target}`));
        }
      }
    } catch (error) {
      emit(
        processingResult.generalError(
          location,
          `file:${location.target} could not be read, ${error}`,
        ),
      );
    }
    return true;
  }
}
