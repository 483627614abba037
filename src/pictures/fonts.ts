import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The fonts every picture is drawn with: DejaVu, shipped as an npm package (dejavu-fonts-ttf), never looked up on
 * the host, so a fresh machine draws the same picture. Found through module resolution, not the working directory.
 */
export const FONT_FAMILY = 'DejaVu Sans';

export function fontDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}
