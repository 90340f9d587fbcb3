import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/**
 * Renders text as a QR image. Medium error correction and a quiet zone of 4 modules: what wallet
 * cameras read reliably from a customer display at arm's length.
 */
export function QrCode({ value, size, label }: { readonly value: string; readonly size: number; readonly label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [value]);
  return src ? <img className="qr" src={src} width={size} height={size} alt={label} data-testid="qr" data-qr-value={value} /> : <div className="qr" style={{ width: size, height: size }} />;
}
