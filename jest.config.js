/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Integration tests start real servers and child processes; give them room on 2 cores.
  testTimeout: 30000,
  // Stops the run with a clear message when REDIS_URL names no running Redis.
  globalSetup: '<rootDir>/test/global-setup.js',
};
