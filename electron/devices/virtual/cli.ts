/**
 * `npm run virtual-devices`: a virtual serial scanner and ESC/POS printer on pty pairs, plus the
 * printer on a loopback TCP port, for trying the station against "hardware" by hand. Prints the
 * paths to configure, echoes what the printer prints, and takes commands on stdin:
 *   scan <code>        scan a code (CR suffix)
 *   paper ok|near|out  set the paper sensor
 *   cover open|close   open or close the cover
 *   quit
 */
import readline from 'node:readline';
import { startVirtualSerialPrinter, startVirtualTcpPrinter, type PrintedItem } from './virtualPrinter';
import { startVirtualScanner } from './virtualScanner';

const scanner = await startVirtualScanner();
const printer = await startVirtualSerialPrinter();
const tcp = await startVirtualTcpPrinter({ port: Number(process.env.POS_VIRTUAL_PRINTER_PORT ?? 0) });

const show = (prefix: string) => (p: PrintedItem): void => {
  const text = p.kind === 'line' ? p.text : p.kind === 'image' ? `[image ${p.width}x${p.height}]` : p.kind === 'qr' ? `[qr ${p.data}]` : `[${p.kind}]`;
  process.stdout.write(`${prefix} ${text}\n`);
};
printer.core.onPrinted(show('printer|'));
tcp.core.onPrinted(show('tcp-printer|'));

console.log(`virtual scanner (serial, CR suffix, 9600): ${scanner.address}`);
console.log(`virtual printer (serial):                  ${printer.address}`);
console.log(`virtual printer (TCP 9100-style):          ${tcp.address}`);
console.log('commands: scan <code> | paper ok|near|out | cover open|close | quit');

let closing = false;
const shutdown = async (): Promise<void> => {
  if (closing) return;
  closing = true;
  await Promise.allSettled([scanner.close(), printer.close(), tcp.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/, 2);
  const both = [printer.core, tcp.core];
  switch (cmd) {
    case 'scan':
      if (arg) scanner.scan(arg);
      break;
    case 'paper':
      for (const c of both) c.setPaper(arg === 'out' ? 'out' : arg === 'near' ? 'nearEnd' : 'ok');
      break;
    case 'cover':
      for (const c of both) c.setCover(arg === 'open');
      break;
    case 'quit':
      void shutdown();
      break;
    default:
      if (cmd) console.log(`unknown command: ${cmd}`);
  }
});
rl.on('close', () => void shutdown());
