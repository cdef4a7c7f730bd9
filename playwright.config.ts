import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import { resolve } from 'path';

const e2eConfig = resolve(__dirname, 'packages/app/e2e-tests/app-config.e2e.yaml');

/**
 * Browser tests run Debian's Chromium (Playwright's own browser download cannot
 * reach its host here) against the portal in the embedded default, with its
 * data in data/e2e so a run never touches a developer's own portal data.
 */
export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report' }]],

  webServer: {
    command: `backstage-cli repo start --config ${resolve(__dirname, 'app-config.yaml')} --config ${e2eConfig}`,
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  globalSetup: require.resolve('./packages/app/e2e-tests/waitForBackend'),

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },

  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: generateProjects(),
});
