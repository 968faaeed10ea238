// Issue 16: /api/docs-json describes every REST route of the app, each with a 2xx answer schema, and the request
// bodies as the DTOs' class-validator rules say. The routes are read from the running app's router, so a route
// added without documentation fails here.
import type { OpenAPIObject } from '@nestjs/swagger';
import { RESPONSE_CONTENT } from '../src/http/api-response-schemas';
import { getJson, startTestGateway, type TestGateway } from './support/test-gateway';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('OpenAPI document (issue 16)', () => {
  let gw: TestGateway;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    gw = await startTestGateway();
    doc = (await getJson<OpenAPIObject>(`${gw.url}/api/docs-json`)).body;
  });
  afterAll(() => gw.close());

  /** Every "METHOD /api/path" the app answers, with OpenAPI's `{param}` for Express's `:param`. */
  function appRoutes(): string[] {
    const express = gw.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
    return express.router.stack
      // not the middleware's catch-all (every method of /api/{*path}), not the docs themselves
      .filter((layer) => layer.route && layer.route.path.startsWith('/api/') && !/^\/api\/(docs|\{\*)/.test(layer.route.path))
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
      );
  }

  it('lists every route of the app, each with a 2xx answer and its schema', () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toEqual(expect.arrayContaining(['GET /api/conversations', 'POST /api/tokens', 'DELETE /api/customers/{id}']));
    const problems: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase() as 'get'];
      if (!operation) {
        problems.push(`${route}: missing`);
        continue;
      }
      const ok = Object.entries(operation.responses ?? {}).find(([code]) => /^2\d\d$/.test(code));
      if (!ok) problems.push(`${route}: no 2xx answer`);
      else if (ok[0] !== '204' && !Object.values((ok[1] as { content?: Record<string, { schema?: unknown }> }).content ?? {}).some((c) => c.schema))
        problems.push(`${route}: ${ok[0]} without a schema`);
    }
    expect(problems).toEqual([]);
    // and the table of answers names no route the app does not have
    expect(Object.keys(RESPONSE_CONTENT).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('describes request bodies from the DTOs’ rules, and the new section 11 answers', () => {
    const schemas = doc.components?.schemas as Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>;
    expect(schemas.CreateApiTokenDto).toMatchObject({
      properties: { name: { type: 'string', maxLength: 80 }, role: { enum: ['agent', 'supervisor'] } },
      required: ['name', 'role'],
    });
    expect(schemas.CustomerAuthDto.properties).toMatchObject({ userId: { type: 'string', maxLength: 200 }, userHash: { type: 'string' } });
    expect(schemas.CustomerAuthDto.required).toEqual([]);
    const tokens = doc.paths['/api/tokens'].post!;
    expect(JSON.stringify(tokens.requestBody)).toContain('#/components/schemas/CreateApiTokenDto');
    const page = doc.paths['/api/conversations'].get!.responses['200'] as { content: Record<string, { schema: unknown }> };
    expect(page.content['application/json'].schema).toMatchObject({ properties: { next: { type: 'string', nullable: true } } });
    // every $ref points at a schema the document has
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    expect(refs.filter((name) => !schemas[name])).toEqual([]);
  });
});
