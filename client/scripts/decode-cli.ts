// Decoding CLI (DESIGN §7): `npm run --silent decode -- <folder> [--crop=l,t,w,h] [--formats=a,b]
// [--serials] [--plain]`. Decodes every image in the folder with the app's decoder core
// (zxing-wasm path, same ladder, same cropping) and prints one JSON line per image, sorted by
// file name:
//   {"file","text"|null,"format"|null,"ms"}   (+ "error" when the image cannot be read)
// stdout carries nothing else, so the output can be piped into any measuring script.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { isPlausibleSerial } from '@edc/shared/domain';
import { type CropRect, createDecoder, DEFAULT_FORMATS, type ScanFormat } from '../src/scan/decoder-core.ts';
import { isImageFile, loadFrame, nodeWasmSource } from './node-frames.ts';

const EXIT_USAGE = 2;

const SCAN_FORMATS: readonly ScanFormat[] = ['Code128', 'Code39', 'QRCode', 'DataMatrix', 'EAN13'];

function fail(message: string): never {
  process.stderr.write(`decode: ${message}\n`);
  process.exit(EXIT_USAGE);
}

function parseCrop(value: string | undefined): CropRect | null {
  if (value === undefined) return null;
  const parts = value.split(',').map(Number);
  const [left, top, width, height] = parts;
  const valid =
    parts.length === 4 &&
    parts.every((n) => Number.isFinite(n) && n >= 0 && n <= 1) &&
    width !== undefined &&
    height !== undefined &&
    width > 0 &&
    height > 0;
  if (!valid || left === undefined || top === undefined) {
    fail(`--crop expects left,top,width,height as fractions 0..1, got "${value}"`);
  }
  return { left, top, width, height };
}

function parseFormats(value: string | undefined): readonly ScanFormat[] {
  if (value === undefined) return DEFAULT_FORMATS;
  const names = value.split(',').filter((s) => s.length > 0);
  const known = new Set<string>(SCAN_FORMATS);
  const bad = names.filter((n) => !known.has(n));
  if (bad.length > 0 || names.length === 0)
    fail(`--formats accepts ${SCAN_FORMATS.join(',')}; got "${value}"`);
  return SCAN_FORMATS.filter((f) => names.includes(f));
}

// Node 20 can deadlock at exit (about 1 run in 15 here) while V8 tiers the zxing WebAssembly
// up in a background thread that waits for a GC the exiting main thread never runs
// (main thread in NodePlatform::Shutdown joining a worker in AwaitCollectionBackground).
// Liftoff code alone is fast enough for a CLI, so dynamic tiering is switched off before the
// module is compiled (createDecoder below).
setFlagsFromString('--no-wasm-dynamic-tiering');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      crop: { type: 'string' },
      formats: { type: 'string' },
      // The scanner's check: symbols whose text has no terminal-serial form are skipped.
      serials: { type: 'boolean' },
      // zxing-wasm's own call with its default options only (the benchmark's baseline).
      plain: { type: 'boolean' },
    },
  });
  const [folderArg] = positionals;
  if (folderArg === undefined || positionals.length > 1) {
    fail(
      'usage: npm run --silent decode -- <folder> [--crop=left,top,width,height] [--formats=Code128,QRCode] [--serials] [--plain]',
    );
  }
  // npm -w runs this with cwd = client/; INIT_CWD is where the user typed the command.
  const folder = resolve(process.env.INIT_CWD ?? process.cwd(), folderArg);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) fail(`not a folder: ${folder}`);

  const files = (await readdir(folder, { withFileTypes: true }))
    .filter((e) => e.isFile() && isImageFile(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const decoder = await createDecoder({
    wasm: await nodeWasmSource(),
    backend: 'zxing-wasm',
    formats: parseFormats(values.formats),
    crop: parseCrop(values.crop),
    ...(values.serials ? { accept: (read: { text: string }) => isPlausibleSerial(read.text) } : {}),
    ...(values.plain ? { ladder: 'plain' as const } : {}),
  });

  // One throw-away decode so the first image's "ms" is not the WASM compile/tier-up cost.
  await decoder.decode({ data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 });

  for (const file of files) {
    let line: Record<string, unknown>;
    try {
      const frame = await loadFrame(join(folder, file));
      const { result, ms } = await decoder.decode(frame);
      line = { file, text: result?.text ?? null, format: result?.format ?? null, ms: round(ms) };
    } catch (err) {
      line = {
        file,
        text: null,
        format: null,
        ms: 0,
        error: err instanceof Error ? err.message : String(err),
      };
    }
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

// `decode … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main().catch((err: unknown) => {
  process.stderr.write(`decode: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
