// Builds dist/module.js the way Grafana loads plugins: one AMD module whose
// dependencies are the packages Grafana shares with plugins at run time.
// Output path: $DORA_MODULE_OUT (CMake sets it to its build dir) or dist/module.js.
import esbuild from 'rollup-plugin-esbuild';

const EXTERNALS = ['react', 'react-dom', '@grafana/data', '@grafana/ui', '@grafana/runtime', '@emotion/css', 'lodash', 'rxjs'];

export default {
  input: 'src/module.ts',
  external: (id) => EXTERNALS.some((e) => id === e || id.startsWith(e + '/')),
  plugins: [
    esbuild({
      // JSON: the generated catalog and settings schema (src/generated/).
      include: /\.([jt]sx?|json)$/,
      loaders: { '.json': 'json' },
      target: 'es2020',
      jsx: 'transform',
      jsxFactory: 'React.createElement',
      jsxFragment: 'React.Fragment',
      minify: true,
      legalComments: 'none',
    }),
  ],
  output: {
    file: process.env.DORA_MODULE_OUT || 'dist/module.js',
    format: 'amd',
    exports: 'named',
    interop: 'auto',
    sourcemap: false,
  },
  onwarn(warning, warn) {
    // Any unresolved import would be a missing external: fail instead of emitting a broken bundle.
    if (warning.code === 'UNRESOLVED_IMPORT') {
      throw new Error(warning.message);
    }
    warn(warning);
  },
};
