// Layering (DESIGN.md §3) is enforced here, not by review: a forbidden import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import i18next from 'eslint-plugin-i18next';

// Bare module names go in `paths` (exact match); `patterns` are gitignore-style and would also catch
// our own files that happen to share a name (./events).
const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'stream', 'events', 'url', 'zlib', 'util', 'worker_threads'];
const EXACT = new Set([...NODE_BUILTINS, 'electron', 'react', 'react-dom', 'better-sqlite3', 'ws', 'serialport', 'node-hid']);
const patterns = (groups) => {
  const paths = [];
  const pats = [];
  for (const g of groups) {
    const exact = g.group.filter((n) => EXACT.has(n));
    const rest = g.group.filter((n) => !EXACT.has(n));
    for (const name of exact) paths.push({ name, message: g.message });
    if (rest.length > 0) pats.push({ group: rest, message: g.message });
  }
  return { paths, patterns: pats };
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.pos-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', patterns([{ group: ['electron'], message: 'Only electron/main and electron/preload may import electron.' }])],
    },
  },
  {
    // shared/ is runtime-agnostic: nothing of ours from outside it, no node, no react, no DOM libs.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', patterns([
        { group: ['**/electron/**', '**/renderer/**', '../../electron/*', '../../renderer/*'], message: 'shared/ imports nothing from electron/ or renderer/.' },
        { group: ['electron', 'react', 'react-dom', 'better-sqlite3', 'ws', ...NODE_BUILTINS, 'node:*'], message: 'shared/ is runtime-agnostic.' },
      ])],
    },
  },
  {
    // The renderer talks to the station only through shared/ipc via renderer/api.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, i18next },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Every word a cashier or customer reads comes from renderer/i18n (zh-CN and en).
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only', 'jsx-attributes': { include: ['aria-label', 'title', 'alt', 'placeholder'] } }],
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': ['error', patterns([
        { group: ['**/electron/**', '../../electron/*'], message: 'renderer/ imports only shared/.' },
        { group: ['electron', 'better-sqlite3', 'ws', 'serialport', 'node-hid', ...NODE_BUILTINS, 'node:*'], message: 'renderer/ runs in a sandboxed page.' },
      ])],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', patterns([
        { group: ['electron'], message: 'Only electron/main and electron/preload may import electron.' },
        { group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' },
      ])],
    },
  },
  {
    // The payment engine is pure: I/O arrives injected.
    files: ['electron/payments/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', patterns([
        { group: ['electron', 'better-sqlite3', 'ws', 'serialport', 'node-hid', ...NODE_BUILTINS, 'node:*'], message: 'payments/engine is pure: inject I/O.' },
        { group: ['**/renderer/**', '**/journal/**', '**/devices/**', '**/server/**'], message: 'payments/engine is pure: inject I/O.' },
      ])],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', patterns([{ group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' }])],
    },
  },
  {
    // CommonJS test fixtures run by plain Node (e.g. loading the Electron bundle with a stand-in).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', setTimeout: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}', '*.config.{ts,js}'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
