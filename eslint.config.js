import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const NO_SQL_HERE = 'Route files hold no SQL: call a function of the domain module that owns the table.';
const SQL_WORDS = '/\\b(SELECT|INSERT|UPDATE|DELETE|WITH|FROM)\\b/';
const SQL_IN_ROUTES = [
  // A regular expression's exec is not a statement.
  { selector: 'CallExpression[callee.property.name=/^(query|exec)$/]:not([callee.object.regex])', message: NO_SQL_HERE },
  { selector: "TaggedTemplateExpression[tag.name='sql']", message: NO_SQL_HERE },
  { selector: `Literal[value=${SQL_WORDS}]`, message: NO_SQL_HERE },
  { selector: `TemplateElement[value.raw=${SQL_WORDS}]`, message: NO_SQL_HERE },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-artifacts/', 'test-artefacts/', 'web/dist/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Route handlers parse, authorise, call the domain and shape the answer: SQL lives with the module that
    // owns the table.
    files: ['src/**/*routes*.ts', 'src/**/route-context.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...SQL_IN_ROUTES],
    },
  },
  // The console's components and hooks: the rules of hooks, complete effect dependencies, and the purity rules.
  { files: ['web/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  // Type-aware rules: floating and misused promises, unnecessary conditions and assertions, and the rest of
  // typescript-eslint's type-checked set. Each file is checked against the project that compiles it.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unnecessary-condition': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // A reviewer loses the thread of a longer function; a route file registers its routes in several.
      'max-lines-per-function': ['error', { max: 200 }],
    },
  },
  {
    // Tests read untyped JSON answers and assert on them: the unsafe-any rules would only add casts. node:test's
    // describe and it return promises the runner itself awaits.
    files: ['**/*.test.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
    },
  },
  // Plain JavaScript (build scripts, the test runner) has no types to check.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
