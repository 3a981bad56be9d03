// Contract test of the decoding CLI (DESIGN §7): spawns the real script the way
// `npm run --silent decode -- <folder>` does and checks its stdout line by line.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const CLIENT_DIR = resolve(import.meta.dirname, '../..');
const BARCODE_FIXTURES = resolve(CLIENT_DIR, 'src/scan/fixtures');
const SET = join(BARCODE_FIXTURES, 'zxing-qrcode-1');

const Line = z
  .object({
    file: z.string(),
    text: z.string().nullable(),
    format: z.string().nullable(),
    ms: z.number().nonnegative(),
    error: z.string().optional(),
  })
  .strict();

function runCli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/decode-cli.ts', ...args], {
    cwd: CLIENT_DIR,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: '', ...env },
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'edc-decode-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('decode CLI', () => {
  it('prints one valid JSON line per image, sorted by name, texts matching the .txt files', () => {
    const { code, stdout } = runCli([SET]);
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => Line.parse(JSON.parse(l)));
    const expectedFiles = readdirSync(SET)
      .filter((f) => /\.(png|jpe?g|webp|gif|bmp)$/i.test(f))
      .sort();
    expect(lines.map((l) => l.file)).toEqual(expectedFiles);
    const decoded = lines.filter((l) => l.text !== null);
    expect(decoded.length).toBeGreaterThan(0);
    for (const line of decoded) {
      expect(line.text).toBe(readFileSync(join(SET, line.file.replace(/\.[^.]+$/, '.txt')), 'utf8'));
      expect(line.format).toBe('QRCode');
    }
    for (const line of lines.filter((l) => l.text === null)) expect(line.format).toBeNull();
  });

  it('resolves a relative folder against INIT_CWD (npm -w runs the script from client/)', () => {
    const callerCwd = resolve(CLIENT_DIR, '..');
    const { code, stdout } = runCli([relative(callerCwd, SET)], { INIT_CWD: callerCwd });
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(
      readdirSync(SET).filter((f) => f.endsWith('.png')).length,
    );
  });

  it('reports an unreadable image in its own line and keeps going', () => {
    const files = ['a-broken.png', 'b-good.png', 'notes.txt'];
    // Build the folder: a corrupt PNG, a real one, and a non-image that must be ignored.
    const folder = mkdtempSync(join(tmp, 'mixed-'));
    writeFileSync(join(folder, files[0]!), 'not a png');
    copyFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png'), join(folder, files[1]!));
    writeFileSync(join(folder, files[2]!), 'ignored');
    const { code, stdout } = runCli([folder]);
    expect(code).toBe(0);
    const [broken, good, ...rest] = stdout
      .trimEnd()
      .split('\n')
      .map((l) => Line.parse(JSON.parse(l)));
    expect(rest).toEqual([]);
    expect(broken).toMatchObject({ file: 'a-broken.png', text: null, format: null });
    expect(broken?.error).toEqual(expect.any(String));
    expect(good).toMatchObject({ file: 'b-good.png', format: 'Code128' });
    expect(good?.text).toBe(readFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.txt'), 'utf8'));
  });

  it('exits 2 with a message on stderr and nothing on stdout for a missing folder', () => {
    const { code, stdout, stderr } = runCli([join(tmp, 'does-not-exist')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/not a folder/);
  });

  it('applies --crop: a crop that cuts the symbol away decodes nothing', () => {
    const folder = mkdtempSync(join(tmp, 'crop-'));
    copyFileSync(join(BARCODE_FIXTURES, 'zxing-qrcode-1', '1.png'), join(folder, '1.png'));
    const whole = Line.parse(JSON.parse(runCli([folder]).stdout));
    const corner = Line.parse(JSON.parse(runCli([folder, '--crop=0,0,0.05,0.05']).stdout));
    expect(whole.text).not.toBeNull();
    expect(corner.text).toBeNull();
  });

  it('--serials skips symbols that cannot be a terminal serial', () => {
    const folder = mkdtempSync(join(tmp, 'serials-'));
    // Code 128 sample 1 encodes "168901" (read without the flag in the test above): six digits,
    // no vendor's serial.
    copyFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png'), join(folder, '1.png'));
    expect(Line.parse(JSON.parse(runCli([folder, '--serials']).stdout)).text).toBeNull();
  });
});
