import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * `node --import tsx bench/dashboard.ts` (after `npm run build`): the bytes
 * the dashboard's page costs, raw, gzip and brotli (quality 11, as a CDN or a
 * pre-compressing build would serve it), beside the SDK bundle of the same
 * build as the baseline: the dashboard includes the SDK to measure itself.
 */
const DIR = 'dist/dashboard/';

const sizes = (body: Buffer) => ({
  raw: body.length,
  gzip: gzipSync(body, { level: 9 }).length,
  brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const main = async () => {
  const html = await readFile(`${DIR}index.html`, 'utf8').catch(() => {
    throw new Error('The dashboard is not built: run `npm run build` first.');
  });
  const script = /src="\/dashboard\/(assets\/app-[^"]+\.js)"/.exec(html)?.[1];
  const style = /href="\/dashboard\/(assets\/dashboard-[^"]+\.css)"/.exec(html)?.[1];
  if (!script || !style) throw new Error('dist/dashboard/index.html names no script or stylesheet: rebuild with `npm run build`.');
  const rows = [
    ['dashboard JS', sizes(await readFile(`${DIR}${script}`))],
    ['dashboard CSS', sizes(await readFile(`${DIR}${style}`))],
    ['dashboard HTML', sizes(Buffer.from(html))],
    ['SDK (dist/percept.mjs, baseline)', sizes(await readFile('dist/percept.mjs'))],
  ] as const;
  const [js, css, page, sdk] = rows.map(([, size]) => size);
  console.log('bench/dashboard: bytes of the dashboard page (B)');
  console.log('| file | raw | gzip -9 | brotli 11 |');
  console.log('|---|---:|---:|---:|');
  for (const [name, size] of rows) console.log(`| ${name} | ${size.raw} | ${size.gzip} | ${size.brotli} |`);
  const total = js!.brotli + css!.brotli + page!.brotli;
  console.log(
    `\nWhole page, brotli: ${total} B = ${(total / sdk!.brotli).toFixed(2)}× the SDK; the JS without the SDK it embeds: ~${js!.brotli - sdk!.brotli} B.`,
  );
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
