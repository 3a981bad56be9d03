/**
 * Bundle cost in gzip bytes: the initial JavaScript (the files `index.html` loads — its
 * entry script and the modulepreloads, the same figure `npm run bench:client` reports),
 * the data layer's lazy chunks (RxDB and the sync engine), the login screen's lazy chunks
 * and the back-office (desk) chunks, i.e. every chunk a `/login` or `/desk` screen needs
 * that the initial load does not already bring. Builds into a private temp dir (never
 * swaps `client/dist` under a running server). `npm run size -w @edc/client`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

type ManifestChunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
};

const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = mkdtempSync(join(tmpdir(), 'edc-size-'));
try {
  execFileSync(
    'npx',
    ['vite', 'build', '--config', '../vite.config.ts', '--manifest', '--logLevel', 'warn'],
    {
      cwd: clientDir,
      env: { ...process.env, EDC_CLIENT_OUT_DIR: outDir },
      stdio: 'inherit',
    },
  );
  const manifest: Record<string, ManifestChunk> = JSON.parse(
    readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'),
  );
  const gz = (file: string) => gzipSync(readFileSync(join(outDir, file))).length;

  // What index.html loads: the script and modulepreload links Vite wrote into it.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)) if (m[1]) initial.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g))
    if (m[1]) initial.add(m[1]);

  /** Static-import closure of a manifest key (what loading that chunk pulls in). */
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) return into;
    into.add(chunk.file);
    for (const dep of chunk.imports ?? []) closure(dep, into);
    return into;
  };
  /** Chunks the lazy screens under `dir` need beyond the initial load. */
  const lazyArea = (dir: string): Set<string> => {
    const files = new Set<string>();
    for (const [key, chunk] of Object.entries(manifest)) {
      if (!chunk.src?.startsWith(dir) || !chunk.src.endsWith('-page.tsx')) continue;
      for (const file of closure(key)) if (!initial.has(file)) files.add(file);
    }
    return files;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  console.log(`initial JavaScript (gzip, ${initial.size} files in index.html): ${kb(sum(initial))}`);
  for (const file of [...initial].sort((a, b) => gz(b) - gz(a)))
    console.log(`  ${kb(gz(file)).padStart(9)}  ${file}`);
  // The data layer (RxDB, Dexie, the sync engine): one lazy chunk family every signed-in
  // screen waits for, loaded after the shell (shell/data-layer.ts).
  const data = new Set([...closure('src/shell/data-layer.ts')].filter((file) => !initial.has(file)));
  console.log(`data layer beyond the initial load (gzip, ${data.size} files): ${kb(sum(data))}`);
  for (const file of [...data].sort((a, b) => gz(b) - gz(a)))
    console.log(`  ${kb(gz(file)).padStart(9)}  ${file}`);
  const login = lazyArea('src/features/auth/');
  console.log(`login screen beyond the initial load (gzip, ${login.size} files): ${kb(sum(login))}`);
  const desk = lazyArea('src/features/desk/');
  console.log(`desk chunks not in the initial load (gzip, ${desk.size} files): ${kb(sum(desk))}`);
  for (const file of [...desk].sort((a, b) => gz(b) - gz(a)))
    console.log(`  ${kb(gz(file)).padStart(9)}  ${file}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
