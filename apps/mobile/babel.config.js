// Expo's preset (React Native, TypeScript, expo-router); jest-expo uses it too.
module.exports = function (api) {
  api.cache(true);
  return { presets: ['babel-preset-expo'] };
};
