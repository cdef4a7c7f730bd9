/*
 * `backstage-cli package build` for the backend, for an npm repository:
 * packages/backend/dist/skeleton.tar.gz (every bundled package's
 * package.json) and bundle.tar.gz (the backend and its workspace packages,
 * built, with package.json and package-lock.json at the root).
 *
 *   node scripts/prod/build-backend-bundle.mjs   (from the repository root, after
 *                                                  `backstage-cli repo build`)
 *
 * The CLI's own backend build (Backstage CLI 0.36) copies the root yarn.lock
 * into the bundle and fails without one; this runs the same steps (the CLI's
 * packager and dist workspace) with npm's lock file instead, so the image can
 * `npm ci --omit=dev` from the skeleton and the lock file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'package.json'));
const cliBuild = name =>
  require(`@backstage/cli-module-build/dist/lib/${name}.cjs.js`);
const { buildPackage } = cliBuild('builder/packager');
const { Output } = cliBuild('builder/types');
const { createDistWorkspace } = cliBuild('packager/createDistWorkspace');
const { PackageGraph } = require('@backstage/cli-node');
const tar = require('tar');

process.chdir(REPO);
const backendDir = path.join(REPO, 'packages/backend');
const pkg = JSON.parse(
  fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
);

// the backend's own code (the workspace packages were built by `repo build`)
await buildPackage({
  targetDir: backendDir,
  packageJson: pkg,
  outputs: new Set([Output.cjs]),
  workspacePackages: await PackageGraph.listTargetPackages(),
});

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstage-bundle'));
try {
  await createDistWorkspace([pkg.name], {
    targetDir: tmpDir,
    buildDependencies: false,
    buildExcludes: [pkg.name],
    skeleton: 'skeleton.tar.gz',
    files: ['package.json', 'package-lock.json'],
  });
  const distDir = path.join(backendDir, 'dist');
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.mkdirSync(distDir);
  fs.renameSync(
    path.join(tmpDir, 'skeleton.tar.gz'),
    path.join(distDir, 'skeleton.tar.gz'),
  );
  await tar.create(
    {
      file: path.join(distDir, 'bundle.tar.gz'),
      cwd: tmpDir,
      portable: true,
      noMtime: true,
      gzip: true,
    },
    [''],
  );
  console.log(`[bundle] ${path.relative(REPO, distDir)}/{skeleton,bundle}.tar.gz`);
} finally {
  fs.rmSync(tmpDir, { recursive: true, force: true });
}
