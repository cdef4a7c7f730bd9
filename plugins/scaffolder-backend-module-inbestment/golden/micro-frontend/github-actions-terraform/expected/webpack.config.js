const { shareAll, withModuleFederationPlugin } = require('@angular-architects/module-federation/webpack');

// Remote of the store's shell (shell-mfe, Angular 20). The shell finds /mfe/wishlist/remoteEntry.js in its manifest
// /mfe/shell/mf.manifest.json and mounts './Routes'. Angular, RxJS and the rest are strict singletons the shell
// provides: the versions in package.json must stay on the shell's major (store-services/shell-mfe/docs/architecture.md).
module.exports = withModuleFederationPlugin({
  name: 'wishlistMfe',
  exposes: {
    './Routes': './src/app/app.routes.ts',
  },
  shared: {
    ...shareAll({ singleton: true, strictVersion: true, requiredVersion: 'auto' }),
  },
});
