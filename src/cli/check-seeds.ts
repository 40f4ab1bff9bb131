/**
 * `npm run check-seeds [dir]`: validates every deal file and prints every problem at once.
 * Exits 1 when any file is invalid.
 */
import path from 'node:path';
import { dealsDirFrom, loadDotEnv } from '../config';
import { formatProblem, readDealsDir } from '../deals/catalog';

loadDotEnv();
const dir = process.argv[2] ? path.resolve(process.argv[2]) : dealsDirFrom();
const { files, problems } = readDealsDir(dir);
const shown = path.relative(process.cwd(), dir) || dir;
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  process.stderr.write(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${shown}\n`);
  process.exit(1);
}
process.stdout.write(`${files} deal files in ${shown} are valid.\n`);
