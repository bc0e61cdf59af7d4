// ESLint flat config for the whole repository.
// Type-aware rules (typescript-eslint strictTypeChecked) for TypeScript; the layer rules below
// enforce the dependency direction contracts → packages → services/client.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const services = ['relay', 'jobs', 'server'];
const nodeOnlyPackages = ['db', 'http', 'config', 'observability', 'runtime', 'auth'];

/** Relative imports must not reach into another workspace; import it by package name instead. */
const crossWorkspacePaths = {
  group: ['**/packages/*/src/**', '**/relay/src/**', '**/jobs/src/**', '**/server/src/**', '**/client/src/**'],
  message: 'Import another workspace by its package name (@rpg-bot/...), never by a relative path into its source.',
};

/** @param {string[]} names @param {string} why */
const forbid = (names, why) => ({ group: names.map((n) => `@rpg-bot/${n}`), message: why });

/** @param {...{group: string[], message: string}} patterns */
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [crossWorkspacePaths, ...patterns] }] });

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'e2e/artifacts/**',
      'coverage/**',
      'data/**',
      'packages/contracts/src/generated/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}'],
    rules: {
      // Tests may assert on values they know are present.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Layers: contracts → packages → services / client.
  {
    files: ['packages/contracts/**/*.{ts,tsx,js,mjs}'],
    rules: restrict({ group: ['@rpg-bot/*'], message: 'contracts import nothing from the apps or other packages.' }),
  },
  {
    files: ['packages/**/*.{ts,tsx}'],
    ignores: ['packages/contracts/**'],
    rules: restrict(forbid([...services, 'client'], 'packages never import services or the client.')),
  },
  {
    files: ['relay/**/*.{ts,tsx}'],
    rules: restrict(forbid(['jobs', 'server', 'client'], 'a service never imports another service or the client.')),
  },
  {
    files: ['jobs/**/*.{ts,tsx}'],
    rules: restrict(forbid(['relay', 'server', 'client'], 'a service never imports another service or the client.')),
  },
  {
    files: ['server/**/*.{ts,tsx}'],
    rules: restrict(forbid(['client'], 'the server serves the built client; it never imports its code.')),
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        forbid([...services, ...nodeOnlyPackages], 'the client uses only browser-safe packages (contracts, sync protocol …).'),
      ),
    },
  },
  {
    // The client's integration tests boot the real relay and jobs service in-process; production code never does.
    files: ['client/**/*.test.{ts,tsx}', 'client/**/*.test-support.ts'],
    rules: restrict(forbid(['server'], 'client tests may boot the relay and the jobs service in-process; nothing else.')),
  },
);
