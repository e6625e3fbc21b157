import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERROR_STATUS, PROBLEM_CONTENT_TYPE, ZProblem } from './errors.js';
import type { RouteDef } from './route.js';
import { routes, streams } from './routes.js';

/**
 * Builds the OpenAPI 3.1 document from the route table. Kept out of the package's main entry so
 * browser bundles that only need the schemas do not carry the generator.
 */
export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  // The generator reads schema metadata through its own zod extension; schemas carry `.meta({ id })`.
  extendZodWithOpenApi(z);
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  const problem = (description: string) => ({
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ZProblem } },
  });

  for (const [operationId, def] of Object.entries({ ...routes, ...streams }) as [string, RouteDef][]) {
    const responses: Record<string, unknown> = {
      [def.status]:
        def.response === null
          ? { description: 'Done' }
          : def.stream
            ? { description: 'An event stream; each event is shaped like this', content: { 'text/event-stream': { schema: def.response } } }
            : { description: 'Success', content: { 'application/json': { schema: def.response } } },
      400: problem('Invalid input: `errors` names each field at fault'),
      429: problem('Too many requests'),
      500: problem('Unexpected error; quote the requestId'),
    };
    if (def.access !== 'public' && def.access !== 'optional') {
      responses[401] = problem('Missing, invalid or expired access token');
      responses[403] = problem('Signed in, but the role may not do this');
    }
    if (def.params) responses[404] = problem('Not found');
    registry.registerPath({
      operationId,
      method: def.method,
      path: def.path,
      summary: def.summary,
      tags: [def.tag],
      ...(def.access === 'public' ? {} : def.access === 'optional' ? { security: [{}, { bearer: [] }] } : { security: [{ bearer: [] }] }),
      request: {
        ...(def.params ? { params: def.params as z.ZodObject } : {}),
        ...(def.query ? { query: def.query as z.ZodObject } : {}),
        ...(def.body ? { body: { content: { 'application/json': { schema: def.body } } } } : {}),
      },
      responses: responses as never,
    });
  }

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'T & K Commerce API',
      version: '1.0.0',
      description: `One API for the storefront, the mobile app and the admin dashboard. Errors are RFC 9457 problem details with a stable \`code\`: ${Object.keys(ERROR_STATUS).join(', ')}.`,
    },
    servers: opts.serverUrl ? [{ url: opts.serverUrl }] : [],
  });
}
