import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ['@tk/sdk', '@tk/contract'],
  poweredByHeader: false,
  // Images live with the API (or on the CDN, with absolute URLs); relative /media paths are served through it.
  async rewrites() {
    return [{ source: '/media/:path*', destination: `${process.env.API_URL ?? 'http://localhost:4000'}/media/:path*` }];
  },
  // Our packages import their own files as './x.js' (the ESM convention tsx and Node follow);
  // let the bundler find the .ts source behind each.
  webpack(webpackConfig) {
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return webpackConfig;
  },
};

export default config;
