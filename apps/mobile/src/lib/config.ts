import Constants from 'expo-constants';

/**
 * The API this build talks to: EXPO_PUBLIC_API_URL when the bundle was made (set per EAS build
 * profile), else app.config.js's `extra.apiUrl`, else the local API.
 */
export const API_URL: string = process.env.EXPO_PUBLIC_API_URL ?? (Constants.expoConfig?.extra?.apiUrl as string | undefined) ?? 'http://localhost:4000';

/** Where shared product links point (the web storefront); they open the app when it is installed. */
export const WEB_URL = 'https://shop.tkcommerce.lk';
