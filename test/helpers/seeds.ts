/**
 * The curated seeds as tests read them: the directory, and the catalogue loaded once per file.
 */
import path from 'node:path';
import { loadCatalog, type Catalog } from '../../src/deals/catalog';
import type { Deal } from '../../src/deals/schema';

export const SEEDS_DIR = path.join(__dirname, '..', '..', 'seeds', 'deals');

let seeds: Catalog | undefined;

/** The seeds catalogue, loaded on first use. */
export function seedCatalog(): Catalog {
  seeds ??= loadCatalog(SEEDS_DIR);
  return seeds;
}

/** A seed deal by id; throws, naming it, when the seeds do not have it. */
export function seedDeal(id: string): Deal {
  const d = seedCatalog().get(id);
  if (!d) throw new Error(`deal ${id} not in the catalogue`);
  return d;
}
