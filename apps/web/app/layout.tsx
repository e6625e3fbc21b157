import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { siteUrl } from '../lib/api';

export const metadata: Metadata = {
  metadataBase: new URL(siteUrl),
  title: 'T & K: clothing, home and gifts from Sri Lanka',
  description: 'T & K: clothing, home and gifts from Sri Lanka, delivered island-wide and abroad.',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// A few rules, inlined: the first paint needs no stylesheet request and no web font (system fonts).
const css = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Sinhala",sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#111;line-height:1.5}
a{color:#0f5f58}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between;padding:12px 0;border-bottom:1px solid #ddd}
header .logo{font-weight:700;font-size:1.25rem;text-decoration:none;color:#111}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:16px;list-style:none;padding:0}
.grid img{width:100%;height:auto;aspect-ratio:1;object-fit:cover;background:#f3f4f6}
.product{display:grid;gap:24px}@media(min-width:700px){.product{grid-template-columns:1fr 1fr}}
.product img{width:100%;height:auto;background:#f3f4f6}
.crumbs{display:flex;gap:8px;list-style:none;padding:0;font-size:.9rem}.crumbs li+li::before{content:"›";margin-right:8px}
.price{font-size:1.4rem;font-weight:600}.sale{color:#b91c1c;font-size:1rem}
.chip{display:inline-block;margin:0 8px 8px 0;padding:4px 10px;border:1px solid #ccc;border-radius:999px;text-decoration:none}
.chip[aria-current]{background:#0f5f58;color:#fff;border-color:#0f5f58}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px;border-bottom:1px solid #eee}
.sr-only,.skip:not(:focus){position:absolute;left:-9999px}.form{display:grid;gap:6px;max-width:420px}
button,.button{display:inline-block;background:#0f5f58;color:#fff;border:0;border-radius:6px;padding:8px 14px;font:inherit;text-decoration:none;cursor:pointer}
input,select{font:inherit;padding:6px}.buy{display:flex;flex-wrap:wrap;gap:8px;align-items:center}.error{color:#b91c1c}
`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <a href="#content" className="skip">
          Skip to content
        </a>
        <header>
          <a href="/" className="logo">
            T &amp; K
          </a>
          <form action="/search" role="search">
            <label htmlFor="site-search" style={{ position: 'absolute', left: -9999 }}>
              Search
            </label>
            <input id="site-search" name="q" placeholder="Search" />
          </form>
          <a href="/cart">Cart</a>
        </header>
        <div id="content">{children}</div>
      </body>
    </html>
  );
}
