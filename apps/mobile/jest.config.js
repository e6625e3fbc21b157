// Screens, hooks and offline behaviour, rendered with React Native Testing Library against a real
// API (started by test/global-setup.js on embedded PGlite with the demo catalogue).
module.exports = {
  preset: 'jest-expo',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
  testEnvironment: '<rootDir>/test/environment.js',
  setupFiles: ['<rootDir>/test/setup.js'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  // The shared packages import their TypeScript files as "./x.js" (ESM style): map those to the source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
};
