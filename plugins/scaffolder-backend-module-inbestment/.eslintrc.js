module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Generated projects, linted by their own configuration (microFrontendProject.test.ts runs `ng lint`).
  ignorePatterns: ['golden/'],
});
