import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The shared real-world corpus: `../shared/corpus` beside the repository (where CI and every developer machine have
 * it), or `$SLO_LENS_CORPUS`. Resolved from this file, never from the working directory or an absolute path.
 */
export const CORPUS_DIR = process.env.SLO_LENS_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

if (!existsSync(CORPUS_DIR)) {
  throw new Error(`the shared corpus is not at ${CORPUS_DIR}: check out the repository beside shared/, or set SLO_LENS_CORPUS`);
}

export const corpusPath = (...parts: string[]): string => path.join(CORPUS_DIR, ...parts);
