import { existsSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';

/**
 * The SDK builds: dist/percept.js (IIFE, one global `percept`, auto-init from
 * its script tag) and dist/percept.mjs (ESM with `init` and named exports).
 * TypeScript is only transpiled here; `tsc --noEmit` in `npm test` checks types.
 */

/** Resolves `./x.js` imports to `./x.ts` sources and strips types. */
const typescript = {
  name: 'percept-typescript',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const file = resolvePath(dirname(importer), source.replace(/\.js$/, '.ts'));
    return existsSync(file) ? file : null;
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    });
    return { code: out.outputText, map: null };
  },
};

/**
 * web-vitals' soft-navigation support is experimental and off unless asked
 * for (`reportSoftNavs`); stubbing its module lets terser drop ~250 B of dead
 * branches from every metric.
 */
const noSoftNavs = {
  name: 'percept-no-soft-navs',
  load(id) {
    return /web-vitals[\\/]dist[\\/]modules[\\/]lib[\\/]softNavs\.js$/.test(id)
      ? 'export const checkSoftNavsEnabled = () => false; export const storeSoftNavEntry = () => {};'
      : null;
  },
};

/** Types for the ESM build point at the SDK source (the repo ships them together). */
const declarations = {
  name: 'percept-declarations',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'percept.d.mts', source: "export * from '../sdk/index.js';\n" });
  },
};

const minify = (module) =>
  terser({
    ecma: 2022,
    module,
    toplevel: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    // Internals are `_`-prefixed so their names can be mangled (docs/sdk.md, "Bytes").
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });

const plugins = [noSoftNavs, typescript, nodeResolve()];

export default [
  {
    input: 'sdk/iife.ts',
    plugins,
    output: { file: 'dist/percept.js', format: 'iife', plugins: [minify(false)] },
  },
  {
    input: 'sdk/index.ts',
    plugins: [...plugins, declarations],
    output: { file: 'dist/percept.mjs', format: 'es', plugins: [minify(true)] },
  },
];
