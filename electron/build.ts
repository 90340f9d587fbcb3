/**
 * Bundles the Node side: the launcher (ESM, for `npm start`), Electron's main and preload (CommonJS,
 * as Electron loads them) into dist/electron. Packages stay external: native modules (better-sqlite3,
 * serialport, node-hid) must load from node_modules, unpacked from asar in the installers.
 */
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' } as const;

await Promise.all([
  build({ ...common, entryPoints: { start: 'electron/start.ts' }, format: 'esm', outdir: 'dist/electron', outExtension: { '.js': '.mjs' } }),
  build({ ...common, entryPoints: { main: 'electron/main/main.ts' }, format: 'cjs', outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  // The sandboxed preload can require only 'electron': everything else is bundled in.
  // electron-builder's afterPack hook (fuses): packaging-time only, kept out of the app (electron-builder.yml).
  build({ ...common, entryPoints: { afterPack: 'electron/packaging/afterPack.ts' }, format: 'cjs', outdir: 'dist/packaging', outExtension: { '.js': '.cjs' } }),
  build({ ...common, packages: undefined, entryPoints: { preload: 'electron/preload/preload.ts' }, format: 'cjs', outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
]);
