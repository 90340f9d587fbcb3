import type * as Electron from 'electron';

type Bounds = Pick<Electron.Rectangle, 'x' | 'y' | 'width' | 'height'>;
interface DisplayLike {
  readonly id: number;
  readonly bounds: Bounds;
}

/**
 * Cashier on the primary display; the customer display on the first other display if one is
 * connected, else a window beside the cashier's on the same screen.
 */
export function chooseDisplays(all: readonly DisplayLike[], primary: DisplayLike): { cashier: Bounds; customer: Bounds; customerFullScreen: boolean } {
  const second = all.find((d) => d.id !== primary.id);
  if (second) return { cashier: primary.bounds, customer: second.bounds, customerFullScreen: true };
  const p = primary.bounds;
  const w = Math.max(480, Math.floor(p.width * 0.4));
  return {
    cashier: { x: p.x, y: p.y, width: p.width - w, height: p.height },
    customer: { x: p.x + p.width - w, y: p.y, width: w, height: Math.min(p.height, 800) },
    customerFullScreen: false,
  };
}
