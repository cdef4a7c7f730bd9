export interface Config {
  inbestment?: {
    scaffolder?: {
      /**
       * Where `inbestment:publish:local` writes generated repositories, relative to the backend's working
       * directory (packages/backend when started with `backstage-cli package start`).
       */
      localPublishDir?: string;
      /**
       * Folder holding the shared skeleton pieces used by `inbestment:fetch:shared`
       * (defaults to ../../templates/shared).
       */
      sharedSkeletonDir?: string;
      /**
       * `local` publishes to localPublishDir (embedded default); `github` publishes with publish:github and
       * opens pull requests with publish:github:pull-request. Templates read it as `inbestment.publishTarget`.
       */
      publishTarget?: 'local' | 'github';
      /** GitHub organisation new repositories are created in (publishTarget `github`). */
      githubOrg?: string;
    };
  };
}
