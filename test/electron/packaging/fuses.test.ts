import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterPack, packedBinary } from '../../../electron/packaging/afterPack';
import { tempDir } from '../../helpers/tempDir';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * The Electron binary is not downloadable here, so the hook runs on a stand-in file that carries a
 * fuse wire exactly as Electron's does (sentinel, version, length, one byte per fuse, as Electron
 * ships them): the real @electron/fuses flips it, and reads it back.
 */
function fakeElectronBinary(file: string): void {
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from([0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31, 0x31])]);
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), wire, Buffer.alloc(4096, 0x90)]), { mode: 0o755 });
}

describe('fuses at packaging (afterPack)', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges; turns on asar integrity and asar-only', async () => {
    const out = tempDir();
    const ctx = { appOutDir: out, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Alipay POS' }, executableName: 'alipay-pos' } };
    expect(packedBinary(ctx)).toBe(path.join(out, 'alipay-pos'));
    expect(packedBinary({ ...ctx, electronPlatformName: 'win32' })).toBe(path.join(out, 'Alipay POS.exe'));
    fakeElectronBinary(packedBinary(ctx));
    await afterPack(ctx);
    const wire = await getCurrentFuseWire(packedBinary(ctx));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it('the installer config runs the hook', () => {
    const yml = fs.readFileSync('electron-builder.yml', 'utf8');
    expect(yml).toMatch(/^afterPack: dist\/packaging\/afterPack\.cjs$/m);
  });
});
