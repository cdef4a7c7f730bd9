import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * A deterministic pseudo-random generator (mulberry32 over an FNV-1a hash of
 * the seed): the same seed always gives the same sequence.
 */
export function seededRandom(seed: string): () => number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Kubernetes object as written in a manifest. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
}

/** One folder of the store: its catalog entities and Kubernetes manifests. */
export interface StoreService {
  name: string;
  entities: Entity[];
  manifests: ManifestObject[];
}

async function readYamlDocuments(file: string): Promise<unknown[]> {
  const text = await fs.readFile(file, 'utf8');
  return parseAllDocuments(text)
    .map(doc => doc.toJS())
    .filter(doc => doc && typeof doc === 'object');
}

/**
 * Reads `<dir>/<service>/catalog-info.yaml` and `<dir>/<service>/k8s/*.yaml`,
 * the raw material every demo provider simulates from. Sorted by name so the
 * simulation does not depend on directory order.
 */
export async function loadStoreServices(dir: string): Promise<StoreService[]> {
  const names = (await fs.readdir(dir, { withFileTypes: true }))
    .filter(d => d.isDirectory())
    .map(d => d.name)
    .sort();
  const services: StoreService[] = [];
  for (const name of names) {
    const serviceDir = path.join(dir, name);
    const entities = (await exists(path.join(serviceDir, 'catalog-info.yaml')))
      ? ((await readYamlDocuments(
          path.join(serviceDir, 'catalog-info.yaml'),
        )) as Entity[])
      : [];
    const k8sDir = path.join(serviceDir, 'k8s');
    const manifests: ManifestObject[] = [];
    if (await exists(k8sDir)) {
      const files = (await fs.readdir(k8sDir))
        .filter(f => /\.ya?ml$/.test(f))
        .sort();
      for (const file of files) {
        manifests.push(
          ...((await readYamlDocuments(
            path.join(k8sDir, file),
          )) as ManifestObject[]),
        );
      }
    }
    services.push({ name, entities, manifests });
  }
  return services;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
