module.exports = async function globalTeardown() {
  globalThis.__TK_API__?.kill('SIGTERM');
};
