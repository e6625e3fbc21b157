import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { DashboardPage } from './pages/dashboard';
import { FlashSalesPage } from './pages/flash-sales';
import { Layout } from './pages/layout';
import { LoginPage } from './pages/login';
import { OrderPage, OrdersPage } from './pages/orders';
import { ProductEditorPage } from './pages/product-editor';
import { ProductsPage } from './pages/products-list';
import './styles.css';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <Layout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'products', element: <ProductsPage /> },
      { path: 'products/new', element: <ProductEditorPage /> },
      { path: 'products/:id', element: <ProductEditorPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'orders/:id', element: <OrderPage /> },
      { path: 'flash-sales', element: <FlashSalesPage /> },
      { path: '*', element: <p>There is no such page. </p> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
