import path from 'node:path';
import { configure, renderRouter } from 'expo-router/testing-library';

const app = path.resolve(__dirname, '../src/app');

// expo-router's renderRouter runs the screens on Jest's fake timers; waiting for the real API is
// then counted in polls of the fake clock (50 ms each, with real I/O between them), so allow many.
configure({ asyncUtilTimeout: 120000 });

/** The app's real routes and layouts at `url`. */
export function renderApp(url: string) {
  return renderRouter(app, { initialUrl: url });
}
