/**
 * electron-builder's afterPack hook (electron-builder.yml; bundled to dist/packaging/afterPack.cjs by
 * electron/build.ts): flips Electron's fuses in the packed binary before it is signed and wrapped
 * into an installer, so what the shop installs cannot be turned into a plain Node or debugged.
 */
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';

/** Issue 12 item 8. Every fuse is named (strictlyRequireAllFuses): a new Electron fuse fails the build until decided. */
export const POS_FUSES: FuseConfig = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE=1 would make the signed POS binary a Node interpreter for any script.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS=--require … would load code into the main process before ours.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would hand the main process (keys, journal) to a debugger.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app code is only what was packed: app.asar checked against the hash in the binary,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // …and never a loose app/ folder put next to it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Pages come from app:// (electron/main/appProtocol): file:// gets no extra rights.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The slice of electron-builder's AfterPackContext the hook reads. */
export interface PackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly packager: { readonly appInfo: { readonly productFilename: string }; readonly executableName?: string };
}

/** The packed Electron binary (or .app bundle) whose fuse wire is flipped. */
export function packedBinary(ctx: PackContext): string {
  const name = ctx.packager.appInfo.productFilename;
  switch (ctx.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(ctx.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(ctx.appOutDir, `${name}.exe`);
    default:
      return path.join(ctx.appOutDir, ctx.packager.executableName ?? name);
  }
}

export async function afterPack(ctx: PackContext): Promise<void> {
  const darwin = ctx.electronPlatformName === 'darwin' || ctx.electronPlatformName === 'mas';
  await flipFuses(packedBinary(ctx), { ...POS_FUSES, resetAdHocDarwinSignature: darwin });
}

export default afterPack;
