export default function NotFound() {
  return (
    <main>
      <h1>We could not find that page</h1>
      <p>
        It may have moved or sold out. <a href="/">Back to the shop</a> or <a href="/search">search</a>.
      </p>
    </main>
  );
}
