/**
 * What a technician's start evaluates (issue 16): the client is built as shipped, and the
 * static imports of the entry, the technician home and the data layer (everything the
 * offline start until the first lookup evaluates) must not reach the modules that build the
 * shared wire schemas of entities, API and self-service. db/ and sync/ take those through
 * `dataContract()` (db/contract.ts) when they first validate; a static import of one of
 * them, in any module on that path, brings ~60 ms (CPU ×4) of zod construction back into
 * the start. Checked on the real bundle, because the dev server and vitest evaluate the
 * whole `@edc/shared` barrel anyway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Chunk = {
  fileName: string;
  facade: string | null;
  isEntry: boolean;
  imports: string[];
  modules: string[];
};

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA_MODULES = [
  'shared/src/schemas/entities.ts',
  'shared/src/schemas/api.ts',
  'shared/src/schemas/self-service.ts',
  'shared/src/schemas/announcements.ts',
];

let outDir = '';
const chunks = new Map<string, Chunk>();

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'edc-start-path-'));
  const capture: Plugin = {
    name: 'capture-chunks',
    generateBundle(_options, bundle) {
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        chunks.set(out.fileName, {
          fileName: out.fileName,
          facade: out.facadeModuleId,
          isEntry: out.isEntry,
          imports: out.imports,
          modules: out.moduleIds.map((id) => id.replaceAll('\\', '/')),
        });
      }
    },
  };
  process.env.EDC_CLIENT_OUT_DIR = outDir;
  await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'silent', plugins: [capture] });
}, 120_000);

afterAll(() => {
  delete process.env.EDC_CLIENT_OUT_DIR;
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The chunk whose facade module ends with `path`, and what loading it evaluates. */
function closureOf(path: string): Chunk[] {
  const start = [...chunks.values()].find((c) => c.facade?.replaceAll('\\', '/').endsWith(path));
  if (!start) throw new Error(`no chunk for ${path}`);
  const seen = new Map<string, Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const file of chunk.imports) {
      const dep = chunks.get(file);
      if (dep) visit(dep);
    }
  };
  visit(start);
  return [...seen.values()];
}

const schemaModulesIn = (closure: Chunk[]) =>
  closure.flatMap((c) => c.modules.filter((id) => SCHEMA_MODULES.some((m) => id.endsWith(m))));

describe('the technician start', () => {
  it('evaluates no entity, API or self-service schema up to the first lookup', () => {
    for (const path of ['client/index.html', 'features/technician/home-page.tsx', 'shell/data-layer.ts'])
      expect({ path, schemas: schemaModulesIn(closureOf(path)) }).toEqual({ path, schemas: [] });
  });

  it('gets them from the data contract when it first validates', () => {
    const loaded = schemaModulesIn(closureOf('db/contract-schemas.ts'));
    for (const module of ['shared/src/schemas/entities.ts', 'shared/src/schemas/api.ts'])
      expect(loaded.some((id) => id.endsWith(module))).toBe(true);
  });
});
