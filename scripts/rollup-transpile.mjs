// The rollup step that turns this package's TypeScript into JavaScript, one file at a time (TypeScript's
// transpileModule, with tsconfig.build.json's options). Types are checked once, by `tsc` (`npm run
// typecheck`, and the typecheck steps of `npm test`), not again by each of the build's dozen bundles: the
// sources are written for it (isolatedModules, verbatimModuleSyntax).
import ts from 'typescript';

const CONFIG = './tsconfig.build.json';

function buildOptions() {
  const read = ts.readConfigFile(CONFIG, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, process.cwd(), undefined, CONFIG);
  // Relative imports keep their `.ts`: rollup resolves them to the source files it then hands back here.
  return {
    ...parsed.options,
    rewriteRelativeImportExtensions: false,
    noEmit: false,
    declaration: false,
    sourceMap: true,
    inlineSources: true,
  };
}

export function transpileTypeScript() {
  let options;
  return {
    name: 'hellojs-meetings-transpile',
    transform(code, id) {
      if (!/\.[cm]?ts$/.test(id) || /\.d\.[cm]?ts$/.test(id)) return null;
      options ??= buildOptions();
      const { outputText, sourceMapText, diagnostics } = ts.transpileModule(code, {
        compilerOptions: options,
        fileName: id,
        reportDiagnostics: true,
      });
      // Syntax errors only (transpileModule checks no types): a file that does not parse fails the build.
      if (diagnostics?.length) this.error(ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n'));
      return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: sourceMapText };
    },
  };
}
