// Lint encodes the architecture (see ../shared/DESIGN.md "Layers" and "Determinism"):
// engine/ is pure and deterministic; cli/ and bench/ may use Node; nothing imports upward.
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'worker_threads', 'http', 'net', 'readline', 'process'];

const engineImportBans = {
  patterns: [
    { group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)], message: 'engine/ is pure: no Node modules (DESIGN.md "Layers").' },
    { group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*', 'd3-selection', 'electron'], message: 'engine/ has no UI or desktop dependencies (DESIGN.md "Layers").' },
    { group: ['**/renderer/**', '**/electron/**', '**/cli/**', '**/bench/**', '**/test/**'], message: 'engine/ imports nothing from the layers above it (DESIGN.md "Layers").' },
  ],
};

// A gitignore-style negation cannot re-include a file under an excluded folder, hence a regex.
const electronRendererBan = { regex: '(^|/)renderer/(?!src/bridge/desktop-api\\.ts$)', message: 'electron/ may import only the platform contract (renderer/src/bridge/desktop-api.ts) from renderer/.' };

const determinism = 'engine/ must be deterministic: time is the virtual clock, randomness comes from named seeded streams (DESIGN.md "Determinism").';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'tmp/**', 'test/e2e/artifacts/**', 'scenarios/scenario.schema.json'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', engineImportBans],
      'no-restricted-globals': ['error',
        { name: 'Date', message: determinism },
        { name: 'performance', message: determinism },
        { name: 'setTimeout', message: determinism },
        { name: 'setInterval', message: determinism },
        { name: 'setImmediate', message: determinism },
        { name: 'queueMicrotask', message: determinism },
        { name: 'crypto', message: determinism },
        { name: 'process', message: determinism },
        { name: 'Intl', message: 'Locale-dependent formatting differs between machines; format numbers explicitly.' },
        { name: 'window', message: 'engine/ has no DOM.' },
        { name: 'document', message: 'engine/ has no DOM.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: determinism },
        { object: 'Date', property: 'now', message: determinism },
        { object: 'performance', property: 'now', message: determinism },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date']", message: determinism },
        { selector: "CallExpression[callee.property.name='toLocaleString']", message: 'Locale-dependent formatting differs between machines.' },
      ],
    },
  },
  {
    // Tests next to engine code stay in the engine's layer too; tests that read files live in test/.
    files: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)], message: 'engine/ tests are pure too: a test that reads files belongs in test/ (DESIGN.md "Layers").' },
      ] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/src/worker/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', ...nodeBuiltins, 'electron'], message: 'renderer/ reaches files only through the platform interface (DESIGN.md "Layers").' },
        { group: ['**/electron/**', '**/cli/**'], message: 'renderer/ imports engine/ only (DESIGN.md "Layers").' },
        { group: ['**/engine/src/*/**'], message: 'Import the engine through engine/src/index.ts, its public surface.' },
      ] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        electronRendererBan,
        { group: ['electron', 'electron/*'], message: 'Only electron/main.ts and electron/preload.ts import electron; everything else runs in node tests without the binary.' },
      ] }],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/types/electron.d.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        electronRendererBan,
      ] }],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        electronRendererBan,
        { group: ['node:*', ...nodeBuiltins, 'zod'], message: 'The preload runs sandboxed: it can load only electron (validation happens in main).' },
      ] }],
    },
  },
  {
    files: ['cli/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/renderer/**', '**/electron/**', '!**/electron/staticServer.ts'], message: 'cli/ and bench/ use engine/ only (DESIGN.md "Layers"); bench/ui.ts may serve the built app with electron/staticServer.ts.' },
        { group: ['**/engine/src/*/**'], message: 'Import the engine through engine/src/index.ts, its public surface.' },
      ] }],
    },
  },
);
