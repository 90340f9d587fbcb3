import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { contentSecurityPolicy } from './shared/security/contentSecurityPolicy';

// The renderer: two pages (cashier, customer display) built into dist/renderer, loaded from file://
// under Electron and from 127.0.0.1 under the browser host, hence relative asset paths.
export default defineConfig({
  root: resolve(__dirname, 'renderer'),
  base: './',
  plugins: [
    react(),
    {
      // The one CSP (shared/security) goes into every page at build; the hosts send it as a header too.
      name: 'pos-csp',
      transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ kind: 'page' }) }, injectTo: 'head-prepend' }],
    },
  ],
  build: {
    outDir: resolve(__dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'renderer/index.html'),
        customer: resolve(__dirname, 'renderer/customer.html'),
        // The head-office dashboard (issue 16), served by HQ at /hq/.
        hq: resolve(__dirname, 'renderer/hq/index.html'),
      },
    },
  },
});
