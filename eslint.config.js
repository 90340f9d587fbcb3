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

// The journal owns every SQL statement (issue 13, DESIGN.md §3): outside electron/journal/** nothing
// prepares or executes SQL or opens SQLite; code asks a repo in electron/journal/repos instead.
// `.exec(` is SQL only with a string or template literal argument: RegExp.prototype.exec takes the
// text to match, never a literal SQL string, and a regex literal's own `.exec('…')` is let through.
// Any other block that sets no-restricted-syntax on these files must spread these selectors into its
// own options: a later block's options replace an earlier block's, they do not add up
// (test/lint/journalSql.test.ts would fail).
const JOURNAL_OWNS_SQL = 'SQL lives in electron/journal/repos: call (or add) a repo method there (issue 13).';
const JOURNAL_SQL_SELECTORS = [
  { selector: "CallExpression[callee.property.name='prepare']", message: JOURNAL_OWNS_SQL },
  { selector: "CallExpression[callee.property.name='exec'][arguments.0.type='TemplateLiteral']", message: JOURNAL_OWNS_SQL },
  { selector: "CallExpression[callee.property.name='exec'][arguments.0.type='Literal']:not([callee.object.regex])", message: JOURNAL_OWNS_SQL },
  { selector: "ImportDeclaration[source.value='better-sqlite3']", message: 'Only electron/journal opens SQLite (better-sqlite3); elsewhere take a repo from electron/journal/repos (issue 13).' },
  { selector: "ImportExpression[source.value='better-sqlite3']", message: 'Only electron/journal opens SQLite (better-sqlite3); elsewhere take a repo from electron/journal/repos (issue 13).' },
];


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
    // The journal owns SQL (issue 13). Exempt, on purpose: electron/journal/** (it is the journal);
    // electron/simulator/** (it plays Alipay's side with its own store, not our journal); the HQ
    // server (electron/hq/*.ts and its .sql migrations: PostgreSQL, its own schema and queries) — but
    // not electron/hq/terminal/**, the terminal's side of HQ, which runs on our journal. test/** is
    // outside electron/** (fixtures write journals directly to set up what they check).
    files: ['electron/**/*.ts'],
    ignores: ['electron/journal/**', 'electron/simulator/**', 'electron/hq/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...JOURNAL_SQL_SELECTORS] },
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
