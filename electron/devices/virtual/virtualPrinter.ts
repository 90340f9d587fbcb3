/**
 * A virtual ESC/POS receipt printer. It reads what the station sends, answers real-time status
 * queries at once (as real printers do, even while stopped), "prints" by decoding the rest into
 * text lines, and can be told it ran out of paper or has its cover open. While stopped it keeps
 * the received data and carries on from there when paper is back, like a real buffer does.
 *
 * The core is transport-free; `startVirtualSerialPrinter` puts it on a socat pty pair and
 * `startVirtualTcpPrinter` on a loopback TCP port (a LAN printer's port 9100).
 */
import net from 'node:net';
import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';
import { repliesFor, type Readiness } from '../printer/escposStatus';
import { createEscPosTokenizer, type EscPosToken } from './escposDecoder';
import { openPtyPair, type PtyPair } from './socatPair';

export type PrintedItem =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'image'; readonly width: number; readonly height: number }
  | { readonly kind: 'qr'; readonly data: string }
  | { readonly kind: 'cut' }
  | { readonly kind: 'drawer' };

export interface VirtualPrinterCore {
  /** Bytes from the station. */
  receive(bytes: Uint8Array): void;
  readonly printed: readonly PrintedItem[];
  /** Every byte ever received, for golden-file comparisons. */
  received(): Buffer;
  /** Printed text lines only, in order. */
  lines(): string[];
  setPaper(state: 'ok' | 'nearEnd' | 'out'): void;
  setCover(open: boolean): void;
  /** The roll ends after `n` more printed lines: paper out in the middle of a job. */
  paperOutAfterLines(n: number): void;
  readiness(): Readiness;
  onPrinted(cb: (item: PrintedItem) => void): void;
  clear(): void;
}

export interface VirtualPrinterOptions {
  /**
   * 'none': a write-only printer, as many USB-lp and network printers are — it prints what it is sent
   * but answers neither DLE EOT nor GS r (default 'status': answers both).
   */
  readonly answers?: 'status' | 'none';
}

export function createVirtualPrinterCore(send: (reply: Uint8Array) => void, opts: VirtualPrinterOptions = {}): VirtualPrinterCore {
  const silent = opts.answers === 'none';
  const tokenizer = createEscPosTokenizer();
  const backlog: EscPosToken[] = [];
  const printed: PrintedItem[] = [];
  const rx: Buffer[] = [];
  const listeners: Array<(i: PrintedItem) => void> = [];
  let paper: 'ok' | 'nearEnd' | 'out' = 'ok';
  let coverOpen = false;
  let linesLeft: number | null = null;
  let kanji = false;
  let line: Buffer[] = [];

  const readiness = (): Readiness => ({ offline: paper === 'out' || coverOpen, paperOut: paper === 'out', paperNearEnd: paper === 'nearEnd', coverOpen, error: false });
  const stopped = (): boolean => paper === 'out' || coverOpen;
  const emit = (item: PrintedItem): void => {
    printed.push(item);
    for (const l of listeners) l(item);
  };
  const flushLine = (): void => {
    emit({ kind: 'line', text: iconv.decode(Buffer.concat(line), 'gb18030') });
    line = [];
    if (linesLeft !== null && --linesLeft <= 0) {
      linesLeft = null;
      paper = 'out';
    }
  };

  const process = (tok: EscPosToken): void => {
    switch (tok.t) {
      case 'text':
        // Outside Chinese mode a high byte is a single-byte code page character, never half of one.
        line.push(kanji ? Buffer.from(tok.bytes) : Buffer.from(Buffer.from(tok.bytes).toString('latin1').replace(/[\x80-\xff]/g, '?')));
        return;
      case 'lf':
        flushLine();
        return;
      case 'kanji':
        kanji = tok.on;
        return;
      case 'init':
        kanji = false;
        line = [];
        return;
      case 'cut':
        if (line.length > 0) flushLine();
        emit({ kind: 'cut' });
        return;
      case 'drawer':
        emit({ kind: 'drawer' });
        return;
      case 'raster':
        emit({ kind: 'image', width: tok.width, height: tok.height });
        return;
      case 'qr':
        emit({ kind: 'qr', data: Buffer.from(tok.data).toString('latin1') });
        return;
      case 'transmitStatus':
        if (!silent) send(Uint8Array.of(repliesFor(readiness()).gsr1));
        return;
      case 'realtime':
      case 'command':
      case 'unknown':
        return;
    }
  };
  const drain = (): void => {
    while (backlog.length > 0 && !stopped()) process(backlog.shift()!);
  };

  return {
    receive(bytes) {
      rx.push(Buffer.from(bytes));
      for (const tok of tokenizer.push(bytes)) {
        if (tok.t === 'realtime') {
          if (silent) continue;
          const r = repliesFor(readiness());
          const reply = tok.n === 1 ? r.printer : tok.n === 2 ? r.offlineCause : tok.n === 4 ? r.paper : 0x12;
          send(Uint8Array.of(reply));
        } else {
          backlog.push(tok);
        }
      }
      drain();
    },
    get printed() {
      return printed;
    },
    received: () => Buffer.concat(rx),
    lines: () => printed.flatMap((p) => (p.kind === 'line' ? [p.text] : [])),
    setPaper(state) {
      paper = state;
      drain();
    },
    setCover(open) {
      coverOpen = open;
      drain();
    },
    paperOutAfterLines(n) {
      linesLeft = n;
    },
    readiness,
    onPrinted(cb) {
      listeners.push(cb);
    },
    clear() {
      printed.length = 0;
      rx.length = 0;
    },
  };
}

export interface VirtualPrinter {
  readonly core: VirtualPrinterCore;
  /** What the station should open: a serial path or host:port. */
  readonly address: string;
  close(): Promise<void>;
}

/** The printer side of a pty pair; `pair.devicePath` is what the station opens as its serial port. */
export async function startVirtualSerialPrinter(opts: { dir?: string } & VirtualPrinterOptions = {}): Promise<VirtualPrinter & { readonly pair: PtyPair }> {
  const pair = await openPtyPair(opts.dir === undefined ? {} : { dir: opts.dir });
  const port = new SerialPort({ path: pair.peerPath, baudRate: 115200, autoOpen: false });
  const core = createVirtualPrinterCore((reply) => port.write(Buffer.from(reply)), opts);
  port.on('data', (d: Buffer) => core.receive(d));
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return {
    core,
    pair,
    address: pair.devicePath,
    async close() {
      if (port.isOpen) await new Promise<void>((r) => port.close(() => r()));
      await pair.close();
    },
  };
}

/** A LAN printer on loopback: one client at a time, like most port-9100 printers. */
export async function startVirtualTcpPrinter(opts: { port?: number } & VirtualPrinterOptions = {}): Promise<VirtualPrinter & { readonly port: number }> {
  let client: net.Socket | null = null;
  const core = createVirtualPrinterCore((reply) => client?.write(Buffer.from(reply)), opts);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    if (client !== null) {
      s.destroy();
      return;
    }
    client = s;
    s.on('data', (d) => core.receive(d));
    s.on('close', () => {
      if (client === s) client = null;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    core,
    port,
    address: `127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
