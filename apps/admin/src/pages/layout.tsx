import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { TUser } from '@tk/sdk';
import { api, session } from '../lib/session';

/** The signed-in frame: navigation, who is signed in, and a way out. Anyone else goes to sign in. */
export function Layout() {
  const [me, setMe] = useState<TUser | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    const toLogin = () => navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    window.addEventListener('tk-signed-out', toLogin);
    session.isSignedIn().then((yes) => {
      if (!yes) return toLogin();
      api.getMe().then(setMe, toLogin);
    });
    return () => window.removeEventListener('tk-signed-out', toLogin);
    // Only on entering the frame; pages below handle their own loading.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!me) return <p className="muted pad">Loading…</p>;
  return (
    <div className="frame">
      <header>
        <strong>T &amp; K admin</strong>
        <nav aria-label="Sections">
          <NavLink to="/" end>
            Dashboard
          </NavLink>
          <NavLink to="/products">Products</NavLink>
          <NavLink to="/prices">Prices</NavLink>
          <NavLink to="/inventory">Inventory</NavLink>
          <NavLink to="/orders">Orders</NavLink>
          <NavLink to="/customers">Customers</NavLink>
          <NavLink to="/promotions">Promotions</NavLink>
          <NavLink to="/flash-sales">Flash sales</NavLink>
          <NavLink to="/reviews">Reviews</NavLink>
          <NavLink to="/shipping">Shipping</NavLink>
          <NavLink to="/operations">Messages</NavLink>
          {/* Staff run the shop; only admins manage the team and payment settings (the API enforces it too). */}
          {me.role === 'admin' && <NavLink to="/staff">Staff</NavLink>}
          {me.role === 'admin' && <NavLink to="/settings">Payments</NavLink>}
        </nav>
        <span className="who">
          {me.email} ({me.role}){' '}
          <button type="button" className="link" onClick={() => session.signOut().then(() => navigate('/login'))}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        <Outlet context={me} />
      </main>
    </div>
  );
}
