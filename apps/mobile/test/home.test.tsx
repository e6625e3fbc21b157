import { screen } from 'expo-router/testing-library';
import { renderApp } from './render';


describe('home', () => {
  it('shows new products from the API with prices', async () => {
    renderApp('/');
    expect(await screen.findByText('New in')).toBeTruthy();
    await screen.findAllByText(/LKR\s?[\d,]+\.\d{2}/);
    expect(screen.getAllByText(/LKR\s?[\d,]+\.\d{2}/).length).toBeGreaterThan(3);
  });
});
