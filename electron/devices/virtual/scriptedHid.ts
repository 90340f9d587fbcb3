/**
 * A scripted HID backend: a HID-POS scanner that a test or demo can plug, unplug and scan with.
 * It speaks the same reports a real HID-POS scanner sends, so the scanner code under test is the
 * one that runs in the shop.
 */
import { EventEmitter } from 'node:events';
import { buildHidPosReports, HID_POS_USAGE_PAGE } from '../scanner/hidPosReport';
import type { HidBackend, HidDeviceInfo, HidHandle } from '../scanner/hidScanner';

export interface ScriptedHid extends HidBackend {
  readonly info: HidDeviceInfo;
  plug(): void;
  /** Like pulling the cable: the open handle errors, the device leaves the list. */
  unplug(): void;
  scan(text: string, opts?: { reportSize?: number }): void;
  sendReport(report: Uint8Array): void;
  readonly opens: number;
}

export function createScriptedHid(info: Partial<HidDeviceInfo> = {}): ScriptedHid {
  const dev: HidDeviceInfo = {
    vendorId: 0x0c2e,
    productId: 0x0b61,
    path: '/dev/hidraw-virtual0',
    product: 'Virtual HID-POS scanner',
    manufacturer: 'POS demo',
    usagePage: HID_POS_USAGE_PAGE,
    ...info,
  };
  let plugged = true;
  let opens = 0;
  let current: (EventEmitter & HidHandle) | null = null;

  const send = (r: Uint8Array): void => {
    current?.emit('data', Buffer.from(r));
  };
  return {
    info: dev,
    get opens() {
      return opens;
    },
    devices: () => (plugged ? [{ ...dev, usagePage: 0x01 }, dev] : []),
    open(path) {
      if (!plugged || path !== dev.path) throw new Error(`could not open HID device ${path}`);
      opens++;
      const h = new EventEmitter() as EventEmitter & HidHandle;
      h.close = () => {
        if (current === h) current = null;
      };
      current = h;
      return h;
    },
    plug() {
      plugged = true;
    },
    unplug() {
      plugged = false;
      const h = current;
      current = null;
      h?.emit('error', new Error('could not read from HID device'));
    },
    scan(text, opts) {
      for (const r of buildHidPosReports(text, opts)) send(r);
    },
    sendReport: send,
  };
}
