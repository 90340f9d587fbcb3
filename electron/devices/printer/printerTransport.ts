/**
 * The three ways a receipt printer is attached: serial (RS-232 or USB-serial), the USB printer
 * class device (/dev/usb/lp*), and TCP port 9100 for LAN printers. Each gives the driver the same
 * small link: write bytes, receive status bytes, learn when the link is gone.
 */
import fs from 'node:fs';
import net from 'node:net';
import { SerialPort } from 'serialport';
import { PosError } from '../../../shared/errors/posError';

export interface PrinterLink {
  /** Resolves when the bytes are handed to the OS (not when printed: that is what GS r is for). */
  write(bytes: Uint8Array): Promise<void>;
  onData(cb: (bytes: Uint8Array) => void): void;
  /** Called once, when the link is lost or closed. */
  onClose(cb: (reason: string) => void): void;
  close(): Promise<void>;
}

export type PrinterTransportKind = 'serial' | 'usb' | 'tcp';

export interface PrinterTransport {
  readonly kind: PrinterTransportKind;
  /** Path or host:port, as configured. */
  readonly id: string;
  connect(): Promise<PrinterLink>;
}

export class PrinterLinkError extends PosError {
  constructor(message: string, cause?: unknown) {
    super('DEVICE_UNAVAILABLE', message, { retryable: true, cause });
  }
}

function closeOnce(): { fire(reason: string): void; add(cb: (reason: string) => void): void } {
  let fired: string | null = null;
  const cbs: Array<(r: string) => void> = [];
  return {
    fire(reason) {
      if (fired !== null) return;
      fired = reason;
      for (const cb of cbs) cb(reason);
    },
    add(cb) {
      if (fired !== null) cb(fired);
      else cbs.push(cb);
    },
  };
}

export function serialTransport(path: string, baudRate = 115200): PrinterTransport {
  return {
    kind: 'serial',
    id: path,
    async connect() {
      if (!fs.existsSync(path)) throw new PrinterLinkError(`${path} is not connected`);
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      const closed = closeOnce();
      const dataCbs: Array<(b: Uint8Array) => void> = [];
      port.on('data', (d: Buffer) => dataCbs.forEach((cb) => cb(d)));
      port.on('close', () => closed.fire('disconnected'));
      port.on('error', (e: Error) => closed.fire(`port error: ${e.message}`));
      try {
        await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
      } catch (e) {
        throw new PrinterLinkError(`cannot open ${path}: ${(e as Error).message}`, e);
      }
      return {
        write: (bytes) =>
          new Promise<void>((resolve, reject) => {
            port.write(Buffer.from(bytes), (e) => (e ? reject(new PrinterLinkError(`write failed: ${e.message}`, e)) : port.drain(() => resolve())));
          }),
        onData: (cb) => void dataCbs.push(cb),
        onClose: (cb) => closed.add(cb),
        close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
      };
    },
  };
}

/**
 * /dev/usb/lp* is a plain character device: opened non-blocking and polled for the printer's
 * replies, so no thread-pool thread is parked on a read that may never return.
 */
export function usbLpTransport(path: string, pollMs = 20): PrinterTransport {
  return {
    kind: 'usb',
    id: path,
    async connect() {
      let fh: fs.promises.FileHandle;
      try {
        fh = await fs.promises.open(path, fs.constants.O_RDWR | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
      } catch (e) {
        throw new PrinterLinkError(`cannot open ${path}: ${(e as Error).message}`, e);
      }
      const closed = closeOnce();
      const dataCbs: Array<(b: Uint8Array) => void> = [];
      let open = true;
      const buf = Buffer.alloc(256);
      const shut = async (reason: string): Promise<void> => {
        if (!open) return;
        open = false;
        clearInterval(timer);
        await fh.close().catch(() => undefined);
        closed.fire(reason);
      };
      let reading = false;
      const timer = setInterval(() => {
        if (reading || !open) return;
        reading = true;
        fh.read(buf, 0, buf.length, null)
          .then(({ bytesRead }) => {
            if (bytesRead > 0) {
              const chunk = Buffer.from(buf.subarray(0, bytesRead));
              dataCbs.forEach((cb) => cb(chunk));
            }
          })
          .catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'EAGAIN' && e.code !== 'EWOULDBLOCK') void shut(`read failed: ${e.code ?? e.message}`);
          })
          .finally(() => {
            reading = false;
          });
      }, pollMs);
      const write = async (bytes: Uint8Array): Promise<void> => {
        let off = 0;
        while (off < bytes.length) {
          if (!open) throw new PrinterLinkError(`${path} is closed`);
          try {
            const { bytesWritten } = await fh.write(bytes, off, bytes.length - off, null);
            off += bytesWritten;
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            // The printer's buffer is full (paper out, slow print): wait, the data is not lost.
            if (code === 'EAGAIN' || code === 'EWOULDBLOCK') await new Promise((r) => setTimeout(r, pollMs));
            else {
              void shut(`write failed: ${code ?? (e as Error).message}`);
              throw new PrinterLinkError(`write to ${path} failed: ${(e as Error).message}`, e);
            }
          }
        }
      };
      return {
        write,
        onData: (cb) => void dataCbs.push(cb),
        onClose: (cb) => closed.add(cb),
        close: () => shut('closed'),
      };
    },
  };
}

export function tcpTransport(host: string, port = 9100, connectTimeoutMs = 3000): PrinterTransport {
  return {
    kind: 'tcp',
    id: `${host}:${port}`,
    async connect() {
      const sock = net.connect({ host, port });
      sock.setNoDelay(true);
      // A printer switched off mid-session sends no FIN; keepalive lets the OS notice.
      sock.setKeepAlive(true, 5000);
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => {
          sock.destroy();
          reject(new PrinterLinkError(`no answer from ${host}:${port} within ${connectTimeoutMs} ms`));
        }, connectTimeoutMs);
        sock.once('connect', () => {
          clearTimeout(t);
          resolve();
        });
        sock.once('error', (e) => {
          clearTimeout(t);
          reject(new PrinterLinkError(`cannot connect to ${host}:${port}: ${e.message}`, e));
        });
      });
      const closed = closeOnce();
      sock.on('error', (e) => closed.fire(`socket error: ${e.message}`));
      sock.on('close', () => closed.fire('connection closed'));
      return {
        write: (bytes) =>
          new Promise<void>((resolve, reject) => {
            sock.write(Buffer.from(bytes), (e) => (e ? reject(new PrinterLinkError(`write failed: ${e.message}`, e)) : resolve()));
          }),
        onData: (cb) => void sock.on('data', cb),
        onClose: (cb) => closed.add(cb),
        close: () =>
          new Promise<void>((resolve) => {
            if (sock.destroyed) return resolve();
            sock.once('close', () => resolve());
            sock.end();
            setTimeout(() => sock.destroy(), 500).unref();
          }),
      };
    },
  };
}
