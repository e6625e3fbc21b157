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
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Sinhala",sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#111;line-height:1.5;overflow-wrap:anywhere}
a{color:#0b5750}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #b45309;outline-offset:2px}
header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between;padding:12px 0;border-bottom:1px solid #ddd}
header nav{display:flex;gap:14px}header .logo{font-weight:700;font-size:1.25rem;text-decoration:none;color:#111}
footer{margin:32px 0;padding-top:12px;border-top:1px solid #ddd}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:16px;list-style:none;padding:0}
.grid img,.noimg{display:block;width:100%;height:auto;aspect-ratio:1;object-fit:cover;background:#f3f4f6}
.product{display:grid;gap:24px}@media(min-width:700px){.product{grid-template-columns:1fr 1fr}}
.gallery img{width:100%;height:auto;background:#f3f4f6}.thumbs{display:flex;gap:8px;overflow-x:auto;scroll-snap-type:x mandatory;list-style:none;padding:0}.thumbs li{flex:0 0 80%;scroll-snap-align:start}
.crumbs{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;font-size:.9rem}.crumbs li+li::before{content:"›";margin-right:8px}
.price{font-size:1.3rem;font-weight:600}.sale{color:#b91c1c}.muted{color:#4b5563;font-size:.95rem}
.chip{display:inline-block;margin:0 8px 8px 0;padding:4px 10px;border:1px solid #999;border-radius:999px;text-decoration:none}
.chip[aria-current]{background:#0b5750;color:#fff;border-color:#0b5750}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px;border-bottom:1px solid #eee}caption{text-align:left;font-weight:600}
.sr-only,.skip:not(:focus){position:absolute;left:-9999px}.form{display:grid;gap:6px;max-width:420px}
.inline{display:inline-flex;flex-wrap:wrap;gap:6px;align-items:center;margin:8px 0}
button,.button{display:inline-block;background:#0b5750;color:#fff;border:0;border-radius:6px;padding:8px 14px;font:inherit;text-decoration:none;cursor:pointer;min-height:40px}
button.secondary{background:#fff;color:#0b5750;border:1px solid #0b5750}button.link{background:none;color:#0b5750;text-decoration:underline;padding:0 4px;min-height:0}
button:disabled{background:#6b7280;cursor:not-allowed}
input,select,textarea{font:inherit;padding:6px;border:1px solid #767676;border-radius:4px}.qty{width:5em}
.buy{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:12px 0}.buy .price{flex-basis:100%;margin:4px 0}
fieldset{border:1px solid #ddd;border-radius:6px;margin:0 0 8px}.options{flex-basis:100%}.options span{display:inline-block;margin:0 10px 4px 0}
.check{display:block}.error{color:#b91c1c}.totals{display:grid;grid-template-columns:auto auto;gap:2px 16px;max-width:420px}.totals div{display:contents}.totals dd{margin:0;text-align:right}
.listing{display:grid;gap:16px}@media(min-width:800px){.listing{grid-template-columns:220px 1fr}}
.facets{list-style:none;padding:0;margin:0 0 12px}.filters h2{font-size:1rem;margin:8px 0 4px}
.columns{display:grid;gap:24px}@media(min-width:700px){.columns{grid-template-columns:1fr 1fr}}
.cards{list-style:none;padding:0;display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}.cards li{border:1px solid #ddd;border-radius:6px;padding:10px}
.reviews{list-style:none;padding:0}.reviews li{border-bottom:1px solid #eee;padding:8px 0}.attributes div{display:flex;gap:8px}.attributes dd{margin:0}
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
            <label htmlFor="site-search" className="sr-only">
              Search
            </label>
            <input id="site-search" name="q" type="search" placeholder="Search" maxLength={200} />
          </form>
          <nav aria-label="Your shop">
            <a href="/account">Account</a>
            <a href="/wishlist">Wishlist</a>
            <a href="/cart">Cart</a>
          </nav>
        </header>
        <div id="content">{children}</div>
      </body>
    </html>
  );
}
