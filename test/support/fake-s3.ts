import { createServer, type Server } from 'node:http';

/**
 * A local server that speaks the part of the S3 REST API the media adapter uses (path-style
 * PutObject, GetObject, HeadObject, DeleteObject), with S3's status codes and XML errors, and
 * keeps the objects in memory for tests to inspect.
 */
export async function startFakeS3(bucket: string) {
  const objects = new Map<string, { body: Buffer; contentType: string; cacheControl: string | undefined }>();
  const requests: { method: string; key: string; signed: boolean }[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, b, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    requests.push({ method: req.method!, key, signed: String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ') });
    const error = (status: number, code: string) =>
      res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
    if (b !== bucket) return error(404, 'NoSuchBucket');
    if (req.method === 'PUT') {
      objects.set(key, { body: Buffer.concat(chunks), contentType: String(req.headers['content-type']), cacheControl: req.headers['cache-control'] as string | undefined });
      return res.writeHead(200, { etag: `"${key.length}"` }).end();
    }
    const object = objects.get(key);
    if (req.method === 'DELETE') {
      objects.delete(key);
      return res.writeHead(204).end();
    }
    if (!object) return error(404, 'NoSuchKey');
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length });
    res.end(req.method === 'HEAD' ? undefined : object.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, objects, requests, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
