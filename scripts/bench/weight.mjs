// Where a minified drop-in's bytes come from: each byte of the .min.js is given to the source file its
// source map names (rollup's UMD wrapper, which maps nowhere, counts as "(wrapper)"), then each file's
// share is gzipped alone (an upper bound of its weight: alone it cannot borrow from the rest of the file).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The segments of a source map's `mappings`, as [line, column, source index] of the generated code. */
function segments(mappings) {
  const found = [];
  let source = 0;
  mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      found.push([lineIndex, column, fields.length > 1 ? source : -1]);
    }
  });
  return found;
}

/** Minified and gzip-alone bytes of `file` (with `file.map` beside it) by source file, heaviest first. */
export function weightBySource(file) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lineStarts = [0];
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const marks = segments(map.mappings).map(([line, column, source]) => ({
    at: lineStarts[line] + column,
    name: source < 0 ? '(wrapper)' : map.sources[source].replace(/^.*[\\/]modules[\\/]/, '').replace(/^.*\0/, ''),
  }));
  marks.sort((a, b) => a.at - b.at);
  const shares = new Map([['(wrapper)', code.slice(0, marks[0]?.at ?? code.length)]]);
  marks.forEach((mark, index) => {
    const piece = code.slice(mark.at, marks[index + 1]?.at ?? code.length);
    shares.set(mark.name, (shares.get(mark.name) ?? '') + piece);
  });
  return [...shares]
    .filter(([, text]) => text.length > 0)
    .map(([name, text]) => ({ name, min: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length }))
    .sort((a, b) => b.min - a.min);
}
