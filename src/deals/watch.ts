/**
 * Hot reload of the deals directory: a file added, changed or removed while the bot runs is
 * picked up without a restart.
 *
 * `fs.watch` fires several events for one save (editors write a temp file and rename it), so
 * changes are debounced and the whole directory is re-read and validated, exactly as at start-up,
 * but in slices with a turn of the event loop between them: a bot reloading a large catalogue
 * still acknowledges commands (at 100k deals a reload takes seconds). A directory with any problem is not put in service: each problem is logged as
 * `seeds/deals/x.yaml: field: what to fix` and the last good catalogue keeps answering.
 */
import { watch, type FSWatcher } from 'node:fs';
import { describeCacheUse, formatProblem, readDealsDir, readDealsDirInSlices, type Catalog, type DealsDirReading, type ReadOptions, type SeedProblem } from './catalog';

export interface WatchLogger {
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

export interface CatalogWatcherOptions {
  dir: string;
  logger: WatchLogger;
  /** Called with each new, valid catalogue. */
  onReload: (catalog: Catalog) => void;
  /** Called with the problems of a rejected change (after they are logged). */
  onRejected?: (problems: SeedProblem[]) => void;
  /** Quiet time after the last file event before reloading. @default 300 */
  debounceMs?: number;
  /** The catalogue cache (config DEALS_CACHE_DIR): a reload then reads only changed files. */
  cacheDir?: string;
}

export interface CatalogWatcher {
  /**
   * Re-reads the directory now, in one go; the new catalogue, or undefined when it was
   * rejected. (Reloads after file events run in slices, see reloadCatalogInSlices.)
   */
  reload(): Catalog | undefined;
  close(): void;
}

/**
 * Re-reads and validates `dir`: the new catalogue, or undefined (problems logged, one line each
 * as file: field: message) when anything is wrong.
 */
export function reloadCatalog(
  dir: string,
  logger: WatchLogger,
  onRejected?: (problems: SeedProblem[]) => void,
  read: ReadOptions = {},
): Catalog | undefined {
  return reported(dir, readDealsDir(dir, read), logger, onRejected);
}

/**
 * `reloadCatalog` in slices (see slices.ts): the bot keeps acknowledging commands while it
 * reloads, which at 100k deals takes seconds.
 */
export async function reloadCatalogInSlices(
  dir: string,
  logger: WatchLogger,
  onRejected?: (problems: SeedProblem[]) => void,
  read: ReadOptions = {},
): Promise<Catalog | undefined> {
  return reported(dir, await readDealsDirInSlices(dir, read), logger, onRejected);
}

function reported(dir: string, { catalog, problems, cache }: DealsDirReading, logger: WatchLogger, onRejected?: (problems: SeedProblem[]) => void): Catalog | undefined {
  if (problems.length > 0) {
    logger.error(
      `deals not reloaded: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the previous catalogue stays in service.\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    onRejected?.(problems);
    return undefined;
  }
  logger.info(`deals reloaded: ${catalog.size} deals from ${dir} (${describeCacheUse(cache)})`);
  return catalog;
}

/** Starts watching `dir`. Throws if the directory cannot be watched. */
export function watchCatalog(options: CatalogWatcherOptions): CatalogWatcher {
  const { dir, logger, onReload } = options;
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  /** The reload in progress, and whether files changed again meanwhile. */
  let running: Promise<void> | undefined;
  let again = false;

  function reload(): Catalog | undefined {
    const catalog = reloadCatalog(dir, logger, options.onRejected, { cacheDir: options.cacheDir });
    if (catalog) onReload(catalog);
    return catalog;
  }

  /** Reloads in slices, one reload at a time: changes made during one start another after it. */
  function reloadInSlices(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const catalog = await reloadCatalogInSlices(dir, logger, options.onRejected, { cacheDir: options.cacheDir });
          if (catalog && !closed) onReload(catalog);
        } catch (err) {
          logger.error(`deals not reloaded: ${(err as Error).message}`);
        }
      } while (again && !closed);
      running = undefined;
    })();
  }

  // Any event triggers a re-read, not only *.yaml names: a Kubernetes ConfigMap, for one, swaps
  // a `..data` symlink and never touches the yaml names themselves.
  const watcher: FSWatcher = watch(dir, { persistent: false }, () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!closed) reloadInSlices();
    }, debounceMs);
    timer.unref();
  });
  watcher.on('error', (err) => logger.warn(`stopped watching ${dir} for deal changes: ${err.message}`));

  return {
    reload,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
