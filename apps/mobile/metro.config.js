// Metro in a workspace: watch the repository so the shared packages (contract, SDK) bundle from
// their TypeScript source, and resolve their ESM-style "./x.js" imports to the "./x.ts" files.
const path = require('node:path');
const { getDefaultConfig } = require('expo/metro-config');

const root = path.resolve(__dirname, '../..');
const config = getDefaultConfig(__dirname);
config.watchFolders = [root];
config.resolver.nodeModulesPaths = [path.join(__dirname, 'node_modules'), path.join(root, 'node_modules')];
const packagesDir = path.join(root, 'packages') + path.sep;
config.resolver.resolveRequest = (context, moduleName, platform) => {
  if (moduleName.startsWith('.') && moduleName.endsWith('.js') && context.originModulePath.startsWith(packagesDir)) {
    return context.resolveRequest(context, moduleName.replace(/\.js$/, '.ts'), platform);
  }
  return context.resolveRequest(context, moduleName, platform);
};
module.exports = config;
