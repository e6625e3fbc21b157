import type { ReactNode } from 'react';

export const metadata = { title: 'T & K', description: 'T & K: clothing, home and gifts from Sri Lanka' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '0 auto', maxWidth: 1100, padding: 16 }}>{children}</body>
    </html>
  );
}
