import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'fs-extra';
import { REPO_ROOT } from './__testUtils__/harness';
import { renderMicroFrontend } from './__testUtils__/microFrontend';

// What a developer's first pipeline run does with a freshly generated micro-frontend: install from the lockfile,
// lint, build and unit-test it with real Angular tooling and Debian's Chromium. Install ~1.5 min from the npm cache,
// build and test ~25 s each on two cores; a shared machine is slower.
jest.setTimeout(15 * 60_000);

const CHROMIUM = '/usr/bin/chromium';
let projectDir: string;
const timings: string[] = [];

/** Runs a command in the generated project; on failure the error carries its output. */
function run(label: string, command: string, args: string[]) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: projectDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.join(projectDir, 'node_modules/.bin')}${path.delimiter}${
        process.env.PATH
      }`,
      CHROME_BIN: CHROMIUM,
      NG_CLI_ANALYTICS: 'false',
      CI: 'true',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) {
    throw new Error(
      `${label} exited with ${result.status}:\n${output.slice(-6000)}`,
    );
  }
  return output;
}

/** The Angular major the store's shell runs, from its own docs ("Stack | Angular 20, ..."). */
function shellAngularMajor(): number {
  const index = fs.readFileSync(
    path.join(REPO_ROOT, 'store-services/shell-mfe/docs/index.md'),
    'utf8',
  );
  const match = index.match(/\|\s*Stack\s*\|\s*Angular (\d+)/);
  if (!match)
    throw new Error(
      'shell-mfe docs no longer name the Angular major in the Stack row',
    );
  return Number(match[1]);
}

/** The singletons the shell provides, from its federation contract (those a fresh remote has as dependencies). */
function shellSingletons(): string[] {
  const architecture = fs.readFileSync(
    path.join(REPO_ROOT, 'store-services/shell-mfe/docs/architecture.md'),
    'utf8',
  );
  const line = architecture
    .split('\n')
    .find(l => l.includes('Shared singletons'));
  if (!line)
    throw new Error('shell-mfe docs no longer list the shared singletons');
  return [...line.matchAll(/`([^`]+)`/g)].map(m => m[1]);
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/setup.sh (it installs Debian's chromium)`,
    );
  }
  const result = await renderMicroFrontend();
  projectDir = await fs.mkdtemp(path.join(os.tmpdir(), 'inbestment-mfe-'));
  for (const [file, content] of result.files) {
    await fs.outputFile(path.join(projectDir, file), content);
    if (result.executables.has(file)) {
      await fs.chmod(path.join(projectDir, file), 0o755);
    }
  }
}, 180_000);

afterAll(async () => {
  process.stdout.write(
    `Generated micro-frontend timings:\n  ${timings.join('\n  ')}\n`,
  );
  if (projectDir) await fs.remove(projectDir);
});

describe('a generated micro-frontend', () => {
  it('installs from its lockfile with npm ci', () => {
    expect(fs.existsSync(path.join(projectDir, 'package-lock.json'))).toBe(
      true,
    );
    // --prefer-offline: the npm cache holds every package; the lockfile decides the versions.
    run('npm ci', 'npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
    const lock = fs.readJsonSync(path.join(projectDir, 'package-lock.json'));
    const manifest = fs.readJsonSync(path.join(projectDir, 'package.json'));
    expect(lock.name).toBe(manifest.name);
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
  });

  it('passes ng lint', () => {
    expect(run('ng lint', 'ng', ['lint'])).toContain('All files pass linting');
  });

  it('passes ng build', () => {
    const output = run('ng build', 'ng', ['build']);
    const total = output.match(
      /Initial total\s*\|\s*([\d.]+ \w+)\s*\|\s*([\d.]+ \w+)/,
    );
    if (total)
      timings.push(`initial total: ${total[1]} raw, ${total[2]} transferred`);
    expect(
      fs.existsSync(path.join(projectDir, 'dist/browser/remoteEntry.js')),
    ).toBe(true);
  });

  it('passes ng test in headless Chromium (npm run test:ci, what CI runs)', () => {
    // test:ci is ng test --watch=false --browsers=ChromeHeadlessCI; CHROME_BIN points karma at Debian's Chromium.
    const output = run('ng test', 'npm', ['run', 'test:ci']);
    expect(output).toMatch(/Executed (\d+) of \1 SUCCESS/);
  });

  it("shares the shell's Angular major as strict singletons", () => {
    const major = shellAngularMajor();
    // The plugin options the generated webpack config hands to ModuleFederationPlugin, resolved in the project.
    const shared = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const config = require('./webpack.config.js');
           const plugin = config.plugins.find(p => p.constructor.name === 'ModuleFederationPlugin');
           process.stdout.write(JSON.stringify(plugin._options.shared));`,
        ],
        { cwd: projectDir, encoding: 'utf8' },
      ),
    );
    const ownDependencies = Object.keys(
      fs.readJsonSync(path.join(projectDir, 'package.json')).dependencies,
    );
    const singletons = shellSingletons().filter(name =>
      ownDependencies.includes(name),
    );
    expect(singletons).toEqual(
      expect.arrayContaining([
        '@angular/core',
        '@angular/common',
        '@angular/router',
        'rxjs',
      ]),
    );
    for (const name of singletons) {
      expect({ name, ...shared[name] }).toMatchObject({
        name,
        singleton: true,
        strictVersion: true,
      });
    }
    for (const name of [
      '@angular/core',
      '@angular/common',
      '@angular/router',
    ]) {
      const installed = fs.readJsonSync(
        path.join(projectDir, 'node_modules', name, 'package.json'),
      );
      expect(Number(installed.version.split('.')[0])).toBe(major);
      expect(shared[name].requiredVersion).toMatch(
        new RegExp(`^[~^]?${major}\\.`),
      );
    }
  });
});
