/**
 * Contract tests generated from the OpenAPI document the station serves: every operation in it is
 * called on a running DEMO station, with request bodies generated from the document's own request
 * schemas, and every answer (success and error) must carry a status the document lists for that
 * operation and validate against the schema it gives. Ajv (2020-12) is the independent validator.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { until } from '../../helpers/demoStation';
import { bootTillStation } from '../../helpers/tillStation';
import { PaymentEvents } from '../../till/sampleTill';

type Json = Record<string, unknown>;
interface Doc { openapi: string; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } }

/** Rewrites the document's component refs so Ajv can hold all components as one schema's $defs. */
function rebase(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rebase);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', 'openapi#/$defs/') : rebase(x)]));
  }
  return v;
}

let unique = 0;
/** A valid value for a schema of the document: its example, default or first enum value, else by type. */
function sample(schema: Json, doc: Doc): unknown {
  if (typeof schema.$ref === 'string') return sample(doc.components.schemas[schema.$ref.split('/').pop()!]!, doc);
  if ('example' in schema) return typeof schema.example === 'string' && /REF|TILL/.test(String(schema.example)) ? `${String(schema.example)}-${++unique}` : schema.example;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(Object.entries(props).filter(([k]) => required.includes(k) || 'example' in props[k]!).map(([k, s]) => [k, sample(s, doc)]));
    }
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      throw new Error(`no sample for ${JSON.stringify(schema)}`);
  }
}

describe('till API contract (generated from /api/v1/openapi.json)', () => {
  it('every operation answers as the document says, on a running DEMO station', async () => {
    const rig = await bootTillStation();
    const res = await fetch(`${rig.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');

    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addKeyword('example');
    ajv.addFormat('date-time', { validate: (s: string) => !Number.isNaN(Date.parse(s)) });
    ajv.addSchema({ $id: 'openapi', $defs: rebase(doc.components.schemas) as Json });

    const { key } = await rig.client('Contract till', ['pay', 'refund', 'read']);
    const calls: Array<{ op: string; status: number }> = [];

    const opOf = (path: string, method: string): Json => {
      const op = doc.paths[path]?.[method];
      if (!op) throw new Error(`the document has no ${method} ${path}`);
      return op;
    };
    /** Validates an answer against what the document lists for that operation and status. */
    const check = (path: string, method: string, status: number, body: unknown): void => {
      const op = opOf(path, method);
      const responses = op.responses as Record<string, { content?: Record<string, { schema?: Json }> }>;
      expect(Object.keys(responses), `${op.operationId as string} answered ${status}, which the document does not list`).toContain(String(status));
      const schema = responses[String(status)]!.content?.['application/json']?.schema;
      if (!schema) return;
      const validate = ajv.compile(rebase(schema) as Json);
      expect(validate(body), `${op.operationId as string} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      calls.push({ op: op.operationId as string, status });
    };
    const call = async (path: string, method: string, concrete: string, opts: { key?: string | null; body?: unknown } = {}): Promise<{ status: number; json: Json }> => {
      const r = await rig.req(opts.key === undefined ? key : opts.key, method.toUpperCase(), concrete, opts.body);
      check(path, method, r.status, r.json);
      return r;
    };
    const bodyFor = (path: string, method: string): unknown => {
      const rb = opOf(path, method).requestBody as { content: Record<string, { schema: Json }> } | undefined;
      return rb ? sample(rb.content['application/json']!.schema, doc) : undefined;
    };

    // What each operation needs to be called for real; the walk below fails on an operation without one.
    const drivers: Record<string, (path: string, method: string) => Promise<void>> = {
      createPayment: async (p, m) => {
        const body = bodyFor(p, m) as { orderReference: string };
        expect((await call(p, m, '/payments', { body })).status).toBe(201);
        expect((await call(p, m, '/payments', { body })).status).toBe(200);
        await call(p, m, '/payments', { body: { ...body, amount: { minor: 1, currency: 'CNY' } } }); // 409 REFERENCE_REUSED
        await call(p, m, '/payments', { body: {} });
        await call(p, m, '/payments', { body, key: null });
        await rig.req(key, 'POST', `/payments/${body.orderReference}/cancel`);
      },
      listPayments: async (p, m) => {
        expect((await call(p, m, '/payments')).status).toBe(200);
        await call(p, m, '/payments?date=bad');
      },
      getPayment: async (p, m) => {
        const body = bodyFor('/payments', 'post') as { orderReference: string };
        await rig.req(key, 'POST', '/payments', body);
        expect((await call(p, m, `/payments/${body.orderReference}`)).status).toBe(200);
        await call(p, m, '/payments/NO-SUCH-REF');
        await rig.req(key, 'POST', `/payments/${body.orderReference}/cancel`);
      },
      cancelPayment: async (p, m) => {
        const body = bodyFor('/payments', 'post') as { orderReference: string };
        await rig.req(key, 'POST', '/payments', body);
        expect((await call(p, m, `/payments/${body.orderReference}/cancel`)).json).toMatchObject({ status: 'cancelled' });
        await call(p, m, '/payments/NO-SUCH-REF/cancel');
      },
      refundPayment: async (p, m) => {
        const pay = { ...(bodyFor('/payments', 'post') as { orderReference: string }), presentation: 'orderCode' };
        await rig.req(key, 'POST', '/payments', pay);
        let qr = '';
        await until(async () => {
          const g = await rig.req(key, 'GET', `/payments/${pay.orderReference}`);
          qr = (g.json.qr as { codeValue: string } | null)?.codeValue ?? '';
          return qr !== '';
        });
        await fetch(`${rig.simUrl}/__sim/wallet/pay-order-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codeValue: qr }) });
        await until(async () => (await rig.req(key, 'GET', `/payments/${pay.orderReference}`)).json.status === 'paid');
        const body = bodyFor(p, m) as Json;
        expect((await call(p, m, `/payments/${pay.orderReference}/refunds`, { body })).status).toBe(201);
        expect((await call(p, m, `/payments/${pay.orderReference}/refunds`, { body })).status).toBe(200);
        await call(p, m, `/payments/${pay.orderReference}/refunds`, { body: { ...body, approval: { supervisorPin: '0000' } , refundReference: 'OTHER-REF' } }); // 403 PIN_REJECTED
        await call(p, m, `/payments/NO-SUCH-REF/refunds`, { body });
      },
      events: async (p, m) => {
        const r = await rig.req(null, 'GET', '/events');
        check(p, m, r.status, r.json);
        const stream = new PaymentEvents(rig.url, key, '0');
        await stream.ready;
        const first = await stream.next(() => true, 2_000);
        stream.close();
        const schema = (opOf(p, m).responses as Record<string, { content: Record<string, { 'x-event-data': Json }> }>)['200']!.content['text/event-stream']!['x-event-data'];
        const validate = ajv.compile(rebase(schema) as Json);
        expect(validate(first), ajv.errorsText(validate.errors)).toBe(true);
        calls.push({ op: 'events', status: 200 });
      },
    };

    const walked: string[] = [];
    // Refunds last but one (they need a paid order); events last (they replay everything made above).
    const order = ['createPayment', 'listPayments', 'getPayment', 'cancelPayment', 'refundPayment', 'events'];
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, id: op.operationId as string })));
    ops.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    for (const o of ops) {
      const drive = drivers[o.id];
      expect(drive, `no driver for operation ${o.id}`).toBeDefined();
      await drive!(o.path, o.method);
      walked.push(o.id);
    }
    expect(walked.sort()).toEqual(Object.keys(drivers).sort());
    // Success and error answers were both checked for every operation.
    for (const id of Object.keys(drivers)) {
      expect(calls.some((c) => c.op === id && c.status < 300), `${id}: no success checked`).toBe(true);
    }
    expect(new Set(calls.filter((c) => c.status >= 400).map((c) => c.status))).toEqual(new Set([400, 401, 403, 404, 409]));
  });
});
