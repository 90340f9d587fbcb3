/**
 * The station's one entry point to scanners and printers (DESIGN.md §7): starts what is
 * configured (or, in DEMO mode with nothing configured, the virtual scanner and printer on pty
 * pairs), routes every scan through the gate, keeps the print queue going, and publishes one
 * snapshot of device state for the device screen.
 */
import { SerialPort } from 'serialport';
import type { Clock } from '../../shared/domain/clock';
import { layoutDocument, type PaperWidth, type PrintDocument, type Receipt } from '../../shared/domain/receipt';
import { interpretScan, maskCode, type ScannerState, type ScanOutcome } from '../../shared/domain/scan';
import { assertNever, PosError } from '../../shared/errors/posError';
import type { DevicesSnapshot, HidInfo, PrinterState, PrintJobView, SerialPortInfo, TestScanResult } from '../../shared/ipc/commands/device';

export type { HidInfo, SerialPortInfo, TestScanResult };
import type { Db } from '../journal/openJournal';
import { printerSelectionSchema, scannerSelectionSchema, NO_DEVICES, type DeviceRole, type DeviceSelections, type PrinterSelection, type ScannerSelection } from './deviceConfig';
import { DRAWER_KICK } from './printer/escposStatus';
import { assertListedDevice, listUsbPrinters } from './devicePaths';
import { createPrinterDriver, type PrinterDriver } from './printer/printerDriver';
import { serialTransport, tcpTransport, usbLpTransport, type PrinterTransport } from './printer/printerTransport';
import { createPrintQueue, type PrintQueue } from './printer/printQueue';
import { HID_POS_USAGE_PAGE } from './scanner/hidPosReport';
import { nodeHidBackend, startHidScanner, type HidBackend } from './scanner/hidScanner';
import { startSerialScanner, type ScannerHandle } from './scanner/serialScanner';
import { startVirtualSerialPrinter, type VirtualPrinter } from './virtual/virtualPrinter';
import { startVirtualScanner, type VirtualScanner } from './virtual/virtualScanner';

export type DeviceEvent =
  /** Accepted and classified; only these may reach the payment engine. */
  | { readonly type: 'scan'; readonly scan: Extract<ScanOutcome, { type: 'scan' }> }
  | { readonly type: 'scanRejected'; readonly rejection: Extract<ScanOutcome, { type: 'scanRejected' }> }
  | { readonly type: 'statusChanged'; readonly snapshot: DevicesSnapshot };

export interface DeviceManager {
  start(): Promise<DevicesSnapshot>;
  stop(): Promise<void>;
  listPorts(): Promise<SerialPortInfo[]>;
  listHid(): Promise<HidInfo[]>;
  configure(role: DeviceRole, selection: unknown): Promise<DevicesSnapshot>;
  /** Waits for the next scan and returns it instead of passing it on to payments. */
  testScan(timeoutMs?: number): Promise<TestScanResult>;
  testPrint(): PrintJobView;
  printReceipt(receipt: Receipt, opts: { key: string; reference?: string }): PrintJobView;
  printText(doc: PrintDocument, opts: { key: string; kind: 'report' | 'test'; reference?: string }): PrintJobView;
  reprint(jobId: number): PrintJobView;
  kickDrawer(): Promise<void>;
  /** Keyboard-wedge scans detected in the renderer enter here. */
  wedgeScan(raw: string, at: number, id?: string): ScanOutcome;
  /** Layout for the on-screen preview, on the configured paper. */
  preview(doc: PrintDocument): ReturnType<typeof layoutDocument>;
  status(): DevicesSnapshot;
  subscribe(listener: (e: DeviceEvent) => void): () => void;
  /** Present in DEMO mode: drive the virtual devices (cashier demo buttons, e2e tests). */
  readonly virtual: { scanner: VirtualScanner | null; printer: VirtualPrinter | null };
}

export interface DeviceManagerOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly demo: boolean;
  readonly selections?: DeviceSelections;
  readonly hidBackend?: () => Promise<HidBackend>;
  /** Faster polling in tests. */
  readonly timing?: { pollMs?: number; reopenMs?: number };
  /** DEMO: 'none' makes the virtual printer a write-only one that answers no status (POS_DEMO_PRINTER=write-only). */
  readonly demoPrinterAnswers?: 'status' | 'none';
}

export function createDeviceManager(opts: DeviceManagerOptions): DeviceManager {
  const { db, clock } = opts;
  const listeners = new Set<(e: DeviceEvent) => void>();
  let selections: DeviceSelections = opts.selections ?? NO_DEVICES;
  let scanner: ScannerHandle | null = null;
  let scannerState: ScannerState = { status: 'notConfigured' };
  let driver: PrinterDriver | null = null;
  let queue: PrintQueue | null = null;
  let paper: PaperWidth = '80mm';
  let testWaiter: ((o: ScanOutcome) => void) | null = null;
  const virtual: { scanner: VirtualScanner | null; printer: VirtualPrinter | null } = { scanner: null, printer: null };
  let hidBackend: HidBackend | null = null;
  let lastSnapshot = '';

  const emit = (e: DeviceEvent): void => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // a failing listener must not stop scans reaching the others
      }
    }
  };
  const printerState = (): PrinterState => driver?.state() ?? { status: 'notConfigured' };
  const snapshot = (): DevicesSnapshot => ({
    demo: opts.demo,
    paper,
    scanner: scannerState,
    printer: printerState(),
    queue: queue?.view(10) ?? { pending: 0, recent: [] },
  });
  const publish = (): void => {
    const s = snapshot();
    const key = JSON.stringify(s);
    if (key === lastSnapshot) return;
    lastSnapshot = key;
    emit({ type: 'statusChanged', snapshot: s });
  };

  const onScan = (o: ScanOutcome): void => {
    if (testWaiter !== null) {
      const w = testWaiter;
      testWaiter = null;
      w(o);
      return;
    }
    switch (o.type) {
      case 'scan':
        emit({ type: 'scan', scan: o });
        return;
      case 'scanRejected':
        emit({ type: 'scanRejected', rejection: o });
        return;
      default:
        assertNever(o, 'scan outcome');
    }
  };
  const sink = {
    onScan,
    onState: (s: ScannerState) => {
      scannerState = s;
      publish();
    },
  };

  const startScanner = async (sel: ScannerSelection, isVirtual: boolean): Promise<void> => {
    await scanner?.stop();
    scanner = null;
    const reopenMs = opts.timing?.reopenMs;
    switch (sel.kind) {
      case 'none':
        scannerState = { status: 'notConfigured' };
        break;
      case 'wedge':
        scannerState = { status: 'attached', device: { role: 'scanner', kind: 'wedge', id: 'keyboard' }, since: clock.now() };
        break;
      case 'serial': {
        const port = sel.path !== undefined ? { path: sel.path } : { vendorId: sel.vendorId!, productId: sel.productId! };
        scanner = startSerialScanner(
          { port, baudRate: sel.baudRate, suffix: sel.suffix, interByteTimeoutMs: sel.interByteTimeoutMs },
          { clock, sink, kind: isVirtual ? 'virtual' : 'serial', ...(reopenMs ? { reopenMs } : {}) },
        );
        break;
      }
      case 'hid': {
        hidBackend ??= await (opts.hidBackend ?? nodeHidBackend)();
        const device = sel.path !== undefined ? { path: sel.path } : { vendorId: parseInt(sel.vendorId!, 16), productId: parseInt(sel.productId!, 16) };
        scanner = startHidScanner({ device }, { backend: hidBackend, clock, sink, ...(reopenMs ? { reopenMs } : {}) });
        break;
      }
      default:
        assertNever(sel, 'scanner selection');
    }
    if (scanner !== null) scannerState = scanner.state();
    publish();
  };

  const transportFor = (sel: Exclude<PrinterSelection, { transport: 'none' }>): PrinterTransport => {
    switch (sel.transport) {
      case 'serial':
        return serialTransport(sel.path, sel.baudRate);
      case 'usb':
        return usbLpTransport(sel.path);
      case 'tcp':
        return tcpTransport(sel.host, sel.port);
      default:
        return assertNever(sel, 'printer selection');
    }
  };

  const startPrinter = async (sel: PrinterSelection, isVirtual: boolean): Promise<void> => {
    await queue?.stop();
    await driver?.stop();
    queue = null;
    driver = null;
    if (sel.transport !== 'none') {
      paper = sel.paper;
      const d = createPrinterDriver({ transport: transportFor(sel), virtual: isVirtual, clock, statusMode: sel.statusMode, ...(opts.timing?.pollMs ? { pollMs: opts.timing.pollMs, reconnectMs: opts.timing.pollMs } : {}) });
      driver = d;
      d.onState(() => publish());
      queue = createPrintQueue({ db, driver: d, clock, paper: () => paper });
      queue.onChange(() => publish());
    }
    publish();
  };

  const requireQueue = (): PrintQueue => {
    if (queue === null) throw new PosError('DEVICE_UNAVAILABLE', 'no receipt printer is configured');
    return queue;
  };

  /** Only devices this station enumerated (serial ports, HID, usblp nodes) or a TCP host:port. */
  async function checkChosen(role: DeviceRole, sel: ScannerSelection | PrinterSelection): Promise<void> {
    if ('kind' in sel && sel.kind === 'serial' && sel.path !== undefined) assertListedDevice(sel.path, (await manager.listPorts()).map((p) => p.path), 'scanner port');
    if ('kind' in sel && sel.kind === 'hid' && sel.path !== undefined && !(await manager.listHid()).some((h) => h.path === sel.path)) {
      throw new PosError('BAD_REQUEST', `HID device ${JSON.stringify(sel.path)} is not one the station found`, { details: { field: 'path' } });
    }
    if ('transport' in sel && sel.transport === 'serial') assertListedDevice(sel.path, (await manager.listPorts()).map((p) => p.path), `${role} port`);
    if ('transport' in sel && sel.transport === 'usb') assertListedDevice(sel.path, listUsbPrinters(), 'USB printer');
  }

  const manager: DeviceManager & { virtual: typeof virtual } = {
    virtual,
    async start() {
      const nothing = selections.scanner.kind === 'none' && selections.printer.transport === 'none';
      if (opts.demo && nothing) {
        virtual.scanner = await startVirtualScanner();
        virtual.printer = await startVirtualSerialPrinter({ answers: opts.demoPrinterAnswers ?? 'status' });
        await startScanner({ kind: 'serial', path: virtual.scanner.address, baudRate: 9600, suffix: 'CR', interByteTimeoutMs: 50 }, true);
        await startPrinter({ transport: 'serial', path: virtual.printer.address, baudRate: 115200, paper: '80mm', statusMode: 'query' }, true);
      } else {
        await startScanner(selections.scanner, false);
        await startPrinter(selections.printer, false);
      }
      return snapshot();
    },
    async stop() {
      testWaiter = null;
      await scanner?.stop();
      await queue?.stop();
      await driver?.stop();
      scanner = null;
      queue = null;
      driver = null;
      await virtual.scanner?.close();
      await virtual.printer?.close();
      virtual.scanner = null;
      virtual.printer = null;
    },
    async listPorts() {
      const ports = await SerialPort.list();
      const found: SerialPortInfo[] = ports.map((p) => ({
        path: p.path,
        manufacturer: p.manufacturer ?? null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
        serialNumber: p.serialNumber ?? null,
        virtual: false,
      }));
      // ptys are not enumerated by udev: show the demo devices so they can be chosen too.
      for (const v of [virtual.scanner?.address, virtual.printer?.address]) {
        if (v !== undefined) found.push({ path: v, manufacturer: 'virtual (demo)', vendorId: null, productId: null, serialNumber: null, virtual: true });
      }
      return found;
    },
    async listHid() {
      hidBackend ??= await (opts.hidBackend ?? nodeHidBackend)();
      const hex = (n: number): string => n.toString(16).padStart(4, '0');
      return hidBackend.devices().flatMap((d) =>
        d.path === undefined
          ? []
          : [{ path: d.path, vendorId: hex(d.vendorId), productId: hex(d.productId), product: d.product ?? null, manufacturer: d.manufacturer ?? null, posScanner: d.usagePage === HID_POS_USAGE_PAGE }],
      );
    },
    async configure(role, selection) {
      switch (role) {
        case 'scanner': {
          const sel = scannerSelectionSchema.parse(selection);
          await checkChosen(role, sel);
          selections = { ...selections, scanner: sel };
          await startScanner(sel, false);
          break;
        }
        case 'printer': {
          const sel = printerSelectionSchema.parse(selection);
          await checkChosen(role, sel);
          selections = { ...selections, printer: sel };
          await startPrinter(sel, false);
          break;
        }
        default:
          assertNever(role, 'device role');
      }
      return snapshot();
    },
    testScan(timeoutMs = 15_000) {
      if (testWaiter !== null) throw new PosError('CONFLICT', 'a test scan is already waiting');
      return new Promise<TestScanResult>((resolve) => {
        const t = clock.setTimeout(() => {
          testWaiter = null;
          resolve({ outcome: 'timeout', device: null, masked: null, classification: null, reason: `no scan within ${timeoutMs} ms` });
        }, timeoutMs);
        testWaiter = (o) => {
          clock.clearTimeout(t);
          resolve(
            o.type === 'scan'
              ? { outcome: 'scan', device: o.device, masked: maskCode(o.raw), classification: o.classification.kind, reason: null }
              : { outcome: 'rejected', device: o.device, masked: null, classification: null, reason: `${o.reason}: ${o.detail}` },
          );
        };
      });
    },
    testPrint() {
      const now = clock.now();
      const doc: PrintDocument = {
        type: 'text',
        text: {
          title: '打印测试 PRINTER TEST',
          lines: ['中文测试：支付宝收款 一二三四五', 'ASCII 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ', `${paper} · ${new Date(now).toISOString()}`],
          copy: 'original',
        },
      };
      return requireQueue().enqueue(doc, { kind: 'test', key: `test:${now}:${Math.random().toString(36).slice(2, 8)}` });
    },
    printReceipt(receipt, o) {
      return requireQueue().enqueue({ type: 'receipt', receipt }, { kind: 'receipt', key: o.key, ...(o.reference !== undefined ? { reference: o.reference } : {}) });
    },
    printText(doc, o) {
      return requireQueue().enqueue(doc, { kind: o.kind, key: o.key, ...(o.reference !== undefined ? { reference: o.reference } : {}) });
    },
    reprint: (jobId) => requireQueue().reprint(jobId),
    async kickDrawer() {
      if (driver === null) throw new PosError('DEVICE_UNAVAILABLE', 'no receipt printer is configured');
      await driver.send(DRAWER_KICK);
    },
    wedgeScan(raw, at, id = 'keyboard') {
      const o = interpretScan(raw, { role: 'scanner', kind: 'wedge', id }, at);
      onScan(o);
      return o;
    },
    preview: (doc) => layoutDocument(doc, paper),
    status: snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return manager;
}
