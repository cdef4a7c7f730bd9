export interface Config {
  awsOps?: {
    /**
     * The demo scenario in place of AWS. When set, the backend adds the demo
     * feature (packages/backend), whose providers replace the AWS ones: the
     * embedded default sets it, production sets `demo: null`.
     */
    demo?: {
      /**
       * Folder with one sub-folder per store component (`<name>/catalog-info.yaml`, `<name>/k8s/*.yaml`),
       * relative to the backend's working directory.
       */
      storeServicesDir: string;
      /** Another scenario file than the bundled store's (`scenario/inbestment-store.yaml` of this package). */
      scenarioFile?: string;
    };
  };
}
