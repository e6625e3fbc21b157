/**
 * `npm run mobile`: the Expo dev server for the app, pointed at the local API (or API_URL /
 * EXPO_PUBLIC_API_URL). Open it with Expo Go on a phone on the same network (scan the QR code), an
 * emulator (press a / i), or the browser (press w). Start the API first with `npm start`.
 *
 * A phone cannot reach "localhost" on this computer: give the computer's address, e.g.
 *   EXPO_PUBLIC_API_URL=http://192.168.1.20:4000 npm run mobile
 */
import { spawn } from 'node:child_process';
import { loadDotEnv } from './load-env.js';

loadDotEnv();
const env = { ...process.env };
env.EXPO_PUBLIC_API_URL ??= env.API_URL ?? `http://localhost:${env.API_PORT ?? 4000}`;
console.log(`The app talks to ${env.EXPO_PUBLIC_API_URL}`);
const child = spawn(process.execPath, [new URL('../node_modules/expo/bin/cli', import.meta.url).pathname, 'start', ...process.argv.slice(2)], { cwd: 'apps/mobile', env, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
