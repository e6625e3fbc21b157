import path from 'node:path';
import { renderRouter, screen } from 'expo-router/testing-library';

const app = path.resolve(__dirname, '../src/app');

describe('home', () => {
  it('shows new products from the API with prices', async () => {
    renderRouter(app, { initialUrl: '/' });
    expect(await screen.findByText('New in', {}, { timeout: 15000 })).toBeTruthy();
    await screen.findAllByText(/LKR\s?[\d,]+\.\d{2}/, {}, { timeout: 15000 });
    expect(screen.getAllByText(/LKR\s?[\d,]+\.\d{2}/).length).toBeGreaterThan(3);
  });
});
