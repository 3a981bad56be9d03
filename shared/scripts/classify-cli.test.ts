import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { categorySchema, prioritySchema } from '../src/schemas/common.ts';

const sharedDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real CLI the way `npm run classify` does and returns its stdout and stderr. */
function runCli(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/classify-cli.ts'], { cwd: sharedDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const outputSchema = z
  .object({
    category: categorySchema,
    urgency: prioritySchema,
    subcase: z.string().min(1).optional(),
    confidence: z.number().min(0).max(1),
    error: z.enum(['empty_line', 'invalid_json', 'invalid_input']).optional(),
  })
  .strict();

describe('npm run classify (scripts/classify-cli.ts)', () => {
  it('writes exactly one valid JSON line per input line, errors included', async () => {
    const lines = [
      '{"text":"edc nya mati gk bisa nyala"}',
      '',
      '{"text": "kertas struk habis"}',
      'this is not json',
      '{"nottext": 1}',
      '{"text":"double debet"}',
      '{"text":""}',
      '{"text":"sinyal gprs ilang terus"}',
    ];
    const { code, stdout } = await runCli(`${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const out = stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    const parsed = out.map((l) => outputSchema.parse(JSON.parse(l)));
    expect(parsed.map((p) => p.category)).toEqual([
      'replace_device',
      'other',
      'paper_supply',
      'other',
      'other',
      'transaction_settlement',
      'other',
      'replace_network_card',
    ]);
    expect(parsed.map((p) => p.error)).toEqual([
      undefined,
      'empty_line',
      undefined,
      'invalid_json',
      'invalid_input',
      undefined,
      undefined,
      undefined,
    ]);
    expect(parsed[1]?.confidence).toBe(0);
  }, 60_000);

  it('is deterministic and handles a last line without newline and CRLF input', async () => {
    const input = '{"text":"layar blank"}\r\n{"text":"settlement gagal"}';
    const a = await runCli(input);
    const b = await runCli(input);
    expect(a.stdout).toBe(b.stdout);
    const out = a.stdout
      .trim()
      .split('\n')
      .map((l) => outputSchema.parse(JSON.parse(l)));
    expect(out.map((o) => o.category)).toEqual(['replace_device', 'transaction_settlement']);
  }, 60_000);

  it('prints nothing for empty input', async () => {
    const { code, stdout } = await runCli('');
    expect(code).toBe(0);
    expect(stdout).toBe('');
  }, 60_000);
});
