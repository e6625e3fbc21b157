import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ['@tk/sdk', '@tk/contract'],
  poweredByHeader: false,
  // `next dev` (npm start) serves its live-reload socket only to these hosts; tests browse 127.0.0.1.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  // Product images come from the media pipeline, already resized and encoded: next/image only
  // picks the right width from what it made (see lib/image-loader.ts).
  // srcset widths are the pipeline's own, so each candidate is a file that exists.
  images: { loader: 'custom', loaderFile: './lib/image-loader.ts', deviceSizes: [320, 640, 1024, 1600], imageSizes: [160] },
  // Images live with the API (or on the CDN, with absolute URLs); relative /media paths and the
  // event stream are served through it. Rewrites are fixed when the app is built (or when `next dev`
  // starts): build with API_URL set to the address the web server reaches the API at.
  async rewrites() {
    const api = process.env.API_URL ?? 'http://localhost:4000';
    return [
      { source: '/media/:path*', destination: `${api}/media/:path*` },
      // The browser's live updates come from the same origin: no CORS, and cookies stay first-party.
      { source: '/v1/events', destination: `${api}/v1/events` },
    ];
  },
  // Our packages import their own files as './x.js' (the ESM convention tsx and Node follow);
  // let the bundler find the .ts source behind each.
  webpack(webpackConfig) {
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return webpackConfig;
  },
};

export default config;
