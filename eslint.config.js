import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Where code runs decides what it may import (VS Code's layering): only the Electron shell
// touches `electron`, the renderer never reaches Node or main, and shared code stays portable
// except in its `node` folders.
const noElectron = { name: 'electron', message: 'Only src-main/electron may import electron.' };

export default tseslint.config(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'interop/quickfix/build/', '.tessera-data/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    // Playwright fixtures declare their dependencies by destructuring, `{}` when there are none.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['node:*'], message: 'The renderer runs in a browser: no Node built-ins.' },
          { group: ['**/src-main/**', '**/src-gateway/**', '**/node/**'], message: 'The renderer talks to main over IPC only.' },
        ],
      }],
    },
  },
  {
    files: ['src-shared/**'],
    ignores: ['src-shared/**/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['node:*'], message: 'Shared code runs in every process; Node-only code goes in a `node` folder.' },
          { group: ['**/src-main/**', '**/src-renderer/**', '**/src-gateway/**'], message: 'src-shared depends on nothing above it.' },
        ],
      }],
    },
  },
);
