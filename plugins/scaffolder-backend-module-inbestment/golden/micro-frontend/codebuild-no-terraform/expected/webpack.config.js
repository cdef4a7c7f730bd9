const { shareAll, withModuleFederationPlugin } = require('@angular-architects/module-federation/webpack');

// Remote of the store's shell (shell-mfe). The shell loads
// https://<distribution>/remoteEntry.js and mounts './Routes' under /mfe/gift-card/.
module.exports = withModuleFederationPlugin({
  name: 'giftCardMfe',
  exposes: {
    './Routes': './src/app/app.routes.ts',
  },
  shared: {
    ...shareAll({ singleton: true, strictVersion: true, requiredVersion: 'auto' }),
  },
});
