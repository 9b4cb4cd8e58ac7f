// Lint rules: Grafana's shared config (@grafana/eslint-config) over the
// sources, tests, harness and scripts. Checked by ctest `frontend_lint`.
import grafanaConfig from '@grafana/eslint-config';

export default [
  { ignores: ['node_modules/**', 'dist/**', 'src/generated/**', 'test/generated/**'] },
  ...grafanaConfig,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    // Grafana's config parses ES2019; the sources and scripts use later syntax.
    languageOptions: { ecmaVersion: 2022 },
  },
];
