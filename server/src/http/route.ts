import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { fromZod } from './errors.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Express syntax (`/users/:id`); turned into `{id}` for OpenAPI. */
  path: string;
  summary: string;
  tag: string;
  /** How the caller authenticates, for the OpenAPI document. */
  security?: 'session' | 'apiKey' | 'none';
  body?: B;
  query?: Q;
  params?: P;
  /** The success status and the schema of what the handler returns. */
  status?: number;
  response?: z.ZodType;
  /** Middleware run before validation: authentication, role checks, rate limits. */
  before?: RequestHandler[];
  handler: (input: {
    body: z.output<B>;
    query: z.output<Q>;
    params: z.output<P>;
    req: Request;
    res: Response;
  }) => unknown;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Declares a route whose schemas both validate the request and describe it in /openapi.json. */
export function route<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<B, Q, P>): AnyRoute {
  return spec;
}

function parse<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  where: 'body' | 'query' | 'params',
): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw fromZod(r.error, where);
  return r.data;
}

/** Mounts routes on a router: thin handlers that parse, call a service, and answer JSON. */
export function mountRoutes(routes: AnyRoute[]): Router {
  const router = Router();
  for (const r of routes) {
    router[r.method](r.path, ...(r.before ?? []), async (req, res) => {
      const input = {
        body: parse(r.body, req.body, 'body'),
        query: parse(r.query, req.query, 'query'),
        params: parse(r.params, req.params, 'params'),
        req,
        res,
      };
      const result = await r.handler(input);
      if (res.headersSent) return;
      const status = r.status ?? 200;
      if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).json(result);
    });
  }
  return router;
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const jsonSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' });

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

/** The OpenAPI 3 document, generated from the very schemas that validate requests. */
export function openApiDocument(routes: AnyRoute[], info: { title: string; version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    const status = String(r.status ?? 200);
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${toOpenApiPath(r.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters,
      responses: {
        [status]: r.response
          ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } }
          : { description: 'Success' },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    if (r.security === 'session') op.security = [{ session: [] }];
    else if (r.security === 'apiKey') op.security = [{ apiKey: [] }];
    else op.security = [];
    (paths[toOpenApiPath(r.path)] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'Session token from POST /auth/sign-in' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Account API key (Developers menu)' },
      },
    },
  };
}
