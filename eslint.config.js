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
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
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
);
