// React Native's test environment, plus the Node process's own fetch kept aside: Expo's runtime
// replaces the global fetch with its native module, which does not exist in tests, and the app's
// tests talk to a real API over real HTTP.
const ReactNativeEnvironment = require('@react-native/jest-preset/jest/react-native-env.js');

module.exports = class AppTestEnvironment extends ReactNativeEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, { __nodeFetch: fetch, Response, Request, Headers, ReadableStream, TextDecoder, TextEncoder, AbortController });
  }
};
