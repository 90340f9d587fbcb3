/**
 * `npm run simulator -- --acquirer alipay-cn [--port N] [--data file.sqlite] [--merchant-public-key file] [--app-id ID]`
 * starts the 当面付 open-platform simulator instead and prints {"url" (…/gateway.do), "appId",
 * "alipayPublicKey"} (plus "merchantPrivateKey" when it made the merchant's pair).
 * `npm run simulator -- [--port N] [--data file.sqlite] [--merchant-public-key file] [--client-id ID]
 *                       [--notify-scale 0.001] [--expiry-ms 180000]`
 * Prints one JSON line on start: {"url", "clientId", "alipayPublicKey"} (plus "merchantPrivateKey"
 * when no merchant key was given and the simulator made one up for you).
 */
import { parseArgs } from 'node:util';
import { readKeyFile } from '../payments/ams/keys';
import { startSimulator } from './startSimulator';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    'merchant-public-key': { type: 'string' },
    'client-id': { type: 'string' },
    'notify-scale': { type: 'string' },
    'expiry-ms': { type: 'string' },
    'slow-ms': { type: 'string' },
    acquirer: { type: 'string', default: 'ams' },
    'app-id': { type: 'string' },
  },
});

const keyFile = values['merchant-public-key'];
const envKey = process.env.SIM_MERCHANT_PUBLIC_KEY;
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

let stop: () => Promise<void>;
if (values.acquirer === 'alipay-cn') {
  const { startCnSimulator } = await import('./cn/startCnSimulator');
  const merchantKey = keyFile ? readKeyFile(keyFile) : envKey;
  const cn = await startCnSimulator({
    port: Number(values.port), host: values.host,
    ...(values.data ? { dataFile: values.data } : {}),
    ...(merchantKey ? { merchantPublicKey: merchantKey } : {}),
    ...(values['app-id'] ? { appId: values['app-id'] } : {}),
    ...(num(values['notify-scale']) !== undefined ? { notifyScheduleScale: num(values['notify-scale'])! } : {}),
  });
  process.stdout.write(JSON.stringify({ url: cn.url, appId: cn.appId, alipayPublicKey: cn.alipayPublicKey, ...(cn.merchantPrivateKey ? { merchantPrivateKey: cn.merchantPrivateKey } : {}) }) + '\n');
  stop = () => cn.stop();
} else if (values.acquirer === 'ams') {
  const sim = await startSimulator({
    port: Number(values.port),
    host: values.host,
    ...(values.data ? { dataFile: values.data } : {}),
    ...(keyFile ? { merchantPublicKey: readKeyFile(keyFile) } : envKey ? { merchantPublicKey: envKey } : {}),
    ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
    ...(num(values['notify-scale']) !== undefined ? { notifyScheduleScale: num(values['notify-scale'])! } : {}),
    ...(num(values['expiry-ms']) !== undefined ? { defaultExpiryMs: num(values['expiry-ms'])! } : {}),
    ...(num(values['slow-ms']) !== undefined ? { slowResponseMs: num(values['slow-ms'])! } : {}),
  });

  process.stdout.write(JSON.stringify({
    url: sim.url,
    clientId: sim.clientId,
    alipayPublicKey: sim.alipayPublicKey,
    ...(sim.merchantPrivateKey ? { merchantPrivateKey: sim.merchantPrivateKey } : {}),
  }) + '\n');
  stop = () => sim.stop();
} else {
  process.stderr.write(`--acquirer must be ams or alipay-cn, not ${values.acquirer}\n`);
  process.exit(2);
}

const shutdown = (): void => {
  void stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
