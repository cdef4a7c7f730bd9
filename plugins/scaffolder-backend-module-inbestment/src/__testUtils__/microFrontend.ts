import { DryRunResult, dryRun, startScaffolder } from './harness';

/** The micro-frontend the golden case github-actions-terraform generates: pipeline, release script and Terraform. */
export const WISHLIST_MFE = {
  name: 'wishlist-mfe',
  description: 'Wish lists.',
  owner: 'group:default/team-discovery',
  system: 'system:default/storefront',
  pipeline: 'github-actions',
  terraform: true,
};

/** Renders the micro-frontend template once, on a scaffolder backend of its own. */
export async function renderMicroFrontend(): Promise<DryRunResult> {
  const scaffolder = await startScaffolder();
  try {
    const result = await dryRun(
      scaffolder.server,
      'micro-frontend',
      WISHLIST_MFE,
    );
    if (result.status !== 200) {
      throw new Error(
        `dry-run answered ${result.status}: ${JSON.stringify(result.body).slice(
          0,
          2000,
        )}`,
      );
    }
    return result;
  } finally {
    await scaffolder.stop();
  }
}
