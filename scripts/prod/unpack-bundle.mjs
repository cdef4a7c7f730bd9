/*
 * Lays out the backend bundle the way the container image does (WORKDIR with
 * skeleton + bundle.tar.gz, app-config*.yaml and the bundled catalog next to
 * it), in a folder of this machine:
 *
 *   node scripts/prod/unpack-bundle.mjs <target dir>
 *
 * The image runs `npm install --omit=dev` on the skeleton; here the
 * repository's node_modules, installed from the same package-lock.json, stand
 * in for it: every third-party package is linked from there, while the
 * workspace packages resolve to their built copies inside the bundle (never to
 * the TypeScript sources in packages/ and plugins/).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const target = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node scripts/prod/unpack-bundle.mjs <target dir>');
  process.exit(2);
}
const dist = path.join(REPO, 'packages/backend/dist');
for (const file of ['skeleton.tar.gz', 'bundle.tar.gz']) {
  if (!fs.existsSync(path.join(dist, file))) {
    console.error(
      `${path.join(
        dist,
        file,
      )} is missing: run \`backstage-cli repo build --all\` first`,
    );
    process.exit(1);
  }
}

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
execFileSync('tar', ['xzf', path.join(dist, 'skeleton.tar.gz'), '-C', target]);
execFileSync('tar', ['xzf', path.join(dist, 'bundle.tar.gz'), '-C', target]);

// What the image copies next to the bundle.
for (const entry of fs.readdirSync(REPO)) {
  if (/^app-config.*\.yaml$/.test(entry)) {
    fs.copyFileSync(path.join(REPO, entry), path.join(target, entry));
  }
}
for (const dir of ['catalog', 'store-services', 'templates']) {
  fs.cpSync(path.join(REPO, dir), path.join(target, dir), { recursive: true });
}

/** Workspace package name -> its folder inside the bundle. */
const bundled = new Map();
for (const group of ['packages', 'plugins']) {
  const groupDir = path.join(target, group);
  if (!fs.existsSync(groupDir)) continue;
  for (const dir of fs.readdirSync(groupDir)) {
    const manifest = path.join(groupDir, dir, 'package.json');
    if (fs.existsSync(manifest)) {
      bundled.set(
        JSON.parse(fs.readFileSync(manifest, 'utf8')).name,
        path.join(groupDir, dir),
      );
    }
  }
}

/** Links every package of `from` (a node_modules folder) into `to`; workspace packages point into the bundle. */
function linkModules(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from)) {
    if (entry === '.bin' || entry.startsWith('.')) continue;
    const source = path.join(from, entry);
    if (entry.startsWith('@')) {
      for (const scoped of fs.readdirSync(source)) {
        linkOne(
          `${entry}/${scoped}`,
          path.join(source, scoped),
          path.join(to, entry, scoped),
        );
      }
    } else {
      linkOne(entry, source, path.join(to, entry));
    }
  }
}

function linkOne(name, source, destination) {
  const real = fs.realpathSync(source);
  // packages/<name> or plugins/<name> itself (not a package nested below one)
  const isWorkspace = ['packages', 'plugins'].some(
    group => path.dirname(real) === path.join(REPO, group),
  );
  if (isWorkspace) {
    // A workspace package the backend does not bundle is not needed at run time.
    if (!bundled.has(name)) return;
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.symlinkSync(bundled.get(name), destination);
    return;
  }
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  fs.symlinkSync(real, destination);
}

linkModules(path.join(REPO, 'node_modules'), path.join(target, 'node_modules'));
// Versions npm installed for one workspace only (nested node_modules).
for (const folder of bundled.values()) {
  const relative = path.relative(target, folder);
  const nested = path.join(REPO, relative, 'node_modules');
  if (fs.existsSync(nested))
    linkModules(nested, path.join(folder, 'node_modules'));
}
console.log(
  `[bundle] ${bundled.size} workspace packages unpacked into ${target}`,
);
