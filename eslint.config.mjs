import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint: the recommended JavaScript and typescript-eslint rules, kept
 * pragmatic (tsc already checks unused names and strictness), plus the
 * architecture's boundaries as import rules (docs/architecture.md,
 * "Boundaries"). test/unit/boundaries.test.ts shows a violation failing.
 */

/** The collector's ingest flow, in order: a folder may import (values) only from folders after it. */
const FLOW = ['routes', 'intake', 'pipeline', 'scrub', 'spool', 'flush', 'db'];
/** Composition roots: they wire everything and nothing imports them back. */
const WIRING = ['plugins', 'cli', 'bin', 'app', 'server'];
/** The read side: it reads ClickHouse through db/ and knows the ingest flow only by its types. */
const READ_SIDE = ['analysis', 'access', 'api', 'alerts', 'summaries'];

/** An import of `folders` from anywhere in the collector or beside it: `../x/…`, `../../collector/x/…`, `../x.js`. */
const reaching = (folders) => `^(\\.\\./)+(collector/)?(${folders.join('|')})(/|\\.js$)`;

const CLICKHOUSE = [{ group: ['@clickhouse/*', 'chdb', 'chdb/*'], message: 'Only collector/db/ talks to ClickHouse: go through its Database interface.' }];

/** `@typescript-eslint/no-restricted-imports` for a folder that must not reach `folders`; type-only imports may. */
const boundary = (folders, why, { types = true, clickhouse = true } = {}) => [
  'error',
  {
    patterns: [...(folders.length > 0 ? [{ regex: reaching(folders), allowTypeImports: types, message: why }] : []), ...(clickhouse ? CLICKHOUSE : [])],
  },
];

const flowBlocks = FLOW.map((folder, at) => ({
  files: [`collector/${folder}/**/*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': boundary(
      [...FLOW.slice(0, at), ...WIRING, ...(folder === 'db' ? ['rows'] : [])],
      `The ingest flow goes one way (${FLOW.join(' → ')}): collector/${folder}/ may import values only from later steps, types from any.`,
      { clickhouse: folder !== 'db' },
    ),
  },
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'collector/demo/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters already report these, with `_` for intentionally unused.
      '@typescript-eslint/no-unused-vars': 'off',
      'no-unused-vars': 'off',
      // `any` appears only at untyped DOM and stub edges of the SDK and tests; tsc strict covers the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // The SDK swallows storage and transport failures on purpose (it must never break the page).
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // New in ESLint 10's recommended set; the code states causes in messages and initialises for readability.
      'preserve-caught-error': 'off',
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.mjs', 'collector/bin/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['collector/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': boundary([], '') },
  },
  {
    // The scrubber removes control characters, so its patterns name them.
    files: ['collector/scrub/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  ...flowBlocks,
  {
    files: ['collector/rows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': boundary(
        [...FLOW.filter((f) => f !== 'db'), ...WIRING],
        'collector/rows/ is the row format that spool/ and flush/ share: it imports values of no flow step, only their types.',
      ),
    },
  },
  {
    files: ['collector/config/**/*.ts', 'collector/errors.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': boundary(
        [...FLOW, 'rows', ...WIRING],
        'config/ and errors.ts sit below the flow: they import no values of the ingest flow or the wiring, only types.',
      ),
    },
  },
  {
    files: READ_SIDE.map((f) => `collector/${f}/**/*.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': boundary(
        ['routes', 'intake', 'pipeline', 'scrub', 'spool', 'flush', ...WIRING],
        'The read side reads ClickHouse through collector/db/ (and the row format in rows/) only; of the ingest flow it may import types.',
      ),
    },
  },
  {
    // The dashboard runs in the browser: the collector's code must not reach its bundle, its answer types may (erased at build).
    files: ['dashboard/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+collector/',
              allowTypeImports: true,
              message:
                'The dashboard imports only types of the collector (the API answers, via dashboard/api-types.ts): its code must not reach the browser bundle.',
            },
            ...CLICKHOUSE,
          ],
        },
      ],
    },
  },
  {
    files: ['sdk/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+collector/', message: 'The SDK imports nothing of the collector.' },
            {
              regex: '^(\\.\\./)+schema/(?!version\\.js$)',
              allowTypeImports: true,
              message: 'The SDK imports only types from schema/ (zod must not reach the browser), and WIRE_VERSION from schema/version.js.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['schema/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'schema/ is the contract: it imports nothing of ours outside schema/.' }] },
      ],
    },
  },
);
