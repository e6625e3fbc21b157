// The static settings are in app.json; what differs per build comes from the environment:
// the API address (EXPO_PUBLIC_API_URL, also set per profile in eas.json) and the EAS project id
// that push tokens are issued for.
module.exports = ({ config }) => ({
  ...config,
  extra: {
    ...config.extra,
    apiUrl: process.env.EXPO_PUBLIC_API_URL ?? 'http://localhost:4000',
    ...(process.env.EAS_PROJECT_ID && { eas: { projectId: process.env.EAS_PROJECT_ID } }),
  },
});
