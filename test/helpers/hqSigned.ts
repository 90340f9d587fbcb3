/** A terminal's signed request headers, for tests and benches (no test-runner imports: benches load it too). */
import { signUpload } from '../../electron/hq/hqSignature';
import { UPLOAD_PATH } from '../../electron/hq/relayProtocol';

/** The headers a terminal signs a request with (an upload by default; the relay handshake signs an empty body). */
export function signedHeaders(merchantId: string, terminalId: string, privateKey: string, body: string, o: { path?: string; time?: number } = {}): Record<string, string> {
  const time = o.time ?? Date.now();
  return { 'hq-merchant-id': merchantId, 'hq-terminal-id': terminalId, 'hq-time': String(time), 'hq-signature': signUpload(privateKey, o.path ?? UPLOAD_PATH, terminalId, time, body) };
}
