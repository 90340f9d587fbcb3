/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the zod schemas the server
 * validates with (zod 4's own JSON Schema output, 2020-12 — the dialect OpenAPI 3.1 uses).
 */
import { z } from 'zod';
import pkg from '../../package.json';
import type { TillScope } from '../../shared/domain/till';
import {
  apiErrorSchema, createPaymentSchema, dateQuerySchema, moneySchema, orderReferenceSchema, paymentListSchema, paymentStatusSchema, refundRequestSchema,
  tillPaymentSchema, tillRefundSchema,
} from './tillApiSchemas';

export const API_PREFIX = '/api/v1';

const COMPONENTS = {
  Money: moneySchema,
  PaymentStatus: paymentStatusSchema,
  CreatePaymentRequest: createPaymentSchema,
  RefundRequest: refundRequestSchema,
  Refund: tillRefundSchema,
  Payment: tillPaymentSchema,
  PaymentList: paymentListSchema,
  Error: apiErrorSchema,
} as const;

type Json = Record<string, unknown>;

const ref = (name: keyof typeof COMPONENTS): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof COMPONENTS): Json => ({ 'application/json': { schema: ref(name) } });
const errors = (...statuses: number[]): Json =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? 'error', content: json('Error') }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'BAD_REQUEST: the body or a parameter does not match the schema (the message names the field)',
  401: 'UNAUTHORIZED: no key, an unknown key or a revoked key',
  403: 'FORBIDDEN: the key lacks the scope; PIN_REJECTED: the approval was refused',
  404: 'NOT_FOUND: no payment with this order reference for this client',
  409: 'REFERENCE_REUSED (same reference, other amount: nothing charged), COUNTER_BUSY (a manual sale is open: retry later), INVALID_STATE',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than the limit',
  422: 'AMOUNT_REFUSED, CURRENCY_REFUSED, UNKNOWN_CURRENCY, INVALID_AMOUNT: an amount or currency the terminal does not take',
  423: 'PIN_LOCKED: too many wrong PINs; retry after details.retryAfterMs',
  429: 'RATE_LIMITED: over this client\'s rate; retry after the Retry-After header',
  503: 'NOT_READY or OFFLINE: the terminal is starting or cannot reach Alipay (retryable)',
};

const refParam = { name: 'orderReference', in: 'path', required: true, schema: z.toJSONSchema(orderReferenceSchema, { io: 'input' }) };

/** Which scopes (any of) each operation needs: the server enforces this same table. */
export const OPERATION_SCOPES: Record<string, readonly TillScope[]> = {
  createPayment: ['pay'],
  getPayment: ['pay', 'read'],
  cancelPayment: ['pay'],
  refundPayment: ['refund'],
  listPayments: ['read'],
  events: ['pay', 'read'],
};

function strip(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

let cached: Json | null = null;

export function openApiDocument(): Json {
  if (cached) return cached;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { io: 'input', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Json> };
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([k, v]) => [k, strip(v)]));
  const op = (operationId: string, summary: string, rest: Json): Json => ({
    operationId, summary, 'x-scopes': OPERATION_SCOPES[operationId], security: [{ apiKey: [] }], ...rest,
  });
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Alipay POS till API',
      version: `1.0.0 (station ${pkg.version})`,
      description: 'A shop\'s till or ERP hands an amount to the terminal and gets the result back. Every call carries `Authorization: Bearer <key>`; keys are made by a manager on the terminal with scopes pay / refund / read. Each client sees only its own payments.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: API_PREFIX }],
    components: {
      schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'The key shown once when the manager created the client.' } },
    },
    paths: {
      '/payments': {
        post: op('createPayment', 'Put an amount on the counter for the till\'s order reference (idempotent on that reference)', {
          requestBody: { required: true, content: json('CreatePaymentRequest') },
          responses: {
            201: { description: 'The payment request is on the counter', content: json('Payment') },
            200: { description: 'The same reference and amount again: the payment it already made, unchanged', content: json('Payment') },
            ...errors(400, 401, 403, 409, 413, 422, 429, 503),
          },
        }),
        get: op('listPayments', 'This client\'s payments of one business day, oldest first', {
          parameters: [{ name: 'date', in: 'query', required: false, schema: z.toJSONSchema(dateQuerySchema, { io: 'input' }) }].map((p) => ({ ...p, schema: strip(p.schema as Json) })),
          responses: { 200: { description: 'The day\'s payments', content: json('PaymentList') }, ...errors(400, 401, 403, 429) },
        }),
      },
      '/payments/{orderReference}': {
        get: op('getPayment', 'The payment\'s current state (poll this, or listen to /events)', {
          parameters: [{ ...refParam, schema: strip(refParam.schema as Json) }],
          responses: { 200: { description: 'Current state', content: json('Payment') }, ...errors(401, 403, 404, 429) },
        }),
      },
      '/payments/{orderReference}/cancel': {
        post: op('cancelPayment', 'Cancel before it is paid: proven by Alipay\'s answer, so the state may stay inProgress until then', {
          parameters: [{ ...refParam, schema: strip(refParam.schema as Json) }],
          responses: { 200: { description: 'State after the cancel was asked for', content: json('Payment') }, ...errors(401, 403, 404, 409, 429, 503) },
        }),
      },
      '/payments/{orderReference}/refunds': {
        post: op('refundPayment', 'Refund all or part of a paid payment, with the approval the terminal requires (idempotent on refundReference)', {
          parameters: [{ ...refParam, schema: strip(refParam.schema as Json) }],
          requestBody: { required: true, content: json('RefundRequest') },
          responses: {
            201: { description: 'Refund stored and queued (it is sent, and retried while offline, by the terminal)', content: json('Refund') },
            200: { description: 'The same refund reference again: the refund it already made', content: json('Refund') },
            ...errors(400, 401, 403, 404, 409, 413, 422, 423, 429, 503),
          },
        }),
      },
      '/events': {
        get: op('events', 'Server-sent events: `event: payment`, `id: <sequence>`, data a Payment. Reconnect with Last-Event-ID to receive every change since (a result waits for a till that was away).', {
          parameters: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d{1,15}$' } }],
          responses: {
            200: { description: 'An endless text/event-stream; a `ready` event first with {lastEventId}', content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': ref('Payment') } } },
            ...errors(400, 401, 403, 429),
          },
        }),
      },
    },
  };
  return cached;
}
