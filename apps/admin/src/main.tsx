import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { CatalogCsvPage } from './pages/catalog-csv';
import { DashboardPage } from './pages/dashboard';
import { FlashSalesPage } from './pages/flash-sales';
import { InventoryPage } from './pages/inventory';
import { Layout } from './pages/layout';
import { LoginPage } from './pages/login';
import { OperationsPage } from './pages/operations';
import { OrderPage, OrdersPage } from './pages/orders';
import { CustomersPage, StaffPage } from './pages/people';
import { ProductEditorPage } from './pages/product-editor';
import { PricesPage } from './pages/prices';
import { ProductsPage } from './pages/products-list';
import { PromotionEditorPage, PromotionsPage } from './pages/promotions';
import { ReviewsPage } from './pages/reviews';
import { SettingsPage } from './pages/settings';
import { ShippingPage } from './pages/shipping';
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
      { path: 'products/import-export', element: <CatalogCsvPage /> },
      { path: 'prices', element: <PricesPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'orders/:id', element: <OrderPage /> },
      { path: 'inventory', element: <InventoryPage /> },
      { path: 'promotions', element: <PromotionsPage /> },
      { path: 'promotions/new', element: <PromotionEditorPage /> },
      { path: 'promotions/:id', element: <PromotionEditorPage /> },
      { path: 'flash-sales', element: <FlashSalesPage /> },
      { path: 'reviews', element: <ReviewsPage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'shipping', element: <ShippingPage /> },
      { path: 'operations', element: <OperationsPage /> },
      { path: 'staff', element: <StaffPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <p>There is no such page. </p> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
