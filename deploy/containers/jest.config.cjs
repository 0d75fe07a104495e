/**
 * The container suites (*.container-spec.ts): the built images run with podman. Not part of
 * `npm test`: CI runs them as a step of their own after it (deploy/containers/test.sh), one file
 * at a time, because each starts several containers on a two-core machine.
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/containers'],
  testRegex: '.*\\.container-spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 600_000,
};
