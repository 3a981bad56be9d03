/**
 * Renders the PWA icons (192/512 + maskable 512) from client/public/icons/icon.svg.
 * Run once after changing the SVG: `npx tsx client/scripts/make-icons.ts`; the PNGs are
 * committed so builds need no image tooling.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const iconsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

async function main(): Promise<void> {
  const svg = await readFile(join(iconsDir, 'icon.svg'));
  for (const size of [192, 512]) {
    await sharp(svg, { density: 300 })
      .resize(size, size)
      .png()
      .toFile(join(iconsDir, `icon-${size}.png`));
  }
  // Maskable: the launcher may crop to a circle, so keep the artwork inside the 80% safe zone.
  const inner = Math.round(512 * 0.72);
  const art = await sharp(svg, { density: 300 }).resize(inner, inner).png().toBuffer();
  await sharp({ create: { width: 512, height: 512, channels: 4, background: '#0b5cad' } })
    .composite([{ input: art, gravity: 'center' }])
    .png()
    .toFile(join(iconsDir, 'maskable-512.png'));
  console.log(`icons written to ${iconsDir}`);
}

await main();
