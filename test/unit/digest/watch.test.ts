import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Catalog, SeedProblem } from '../../../src/deals/catalog';
import { watchCatalog, type CatalogWatcher } from '../../../src/deals/watch';
import { waitFor } from '../../helpers/wait';
import { silentLogger } from './support';

const yaml = (id: string, amount = '$10 million') => `id: ${id}
title: ${id} test
types: [licence]
announced: 2026-11-11
parties:
  - name: ${id} Bio
    role: licensee
value:
  upfront:
    amount: ${amount}
facts:
  - id: upfront
    topic: value.upfront
    text: The upfront is ${amount}.
    sources: [wire]
sources:
  - id: wire
    title: Wire
    publisher: Test Wire
    url: https://example.com/${id}
`;

describe('hot reload of the deals directory', () => {
  let dir: string;
  let watcher: CatalogWatcher | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'watch-deals-'));
    writeFileSync(path.join(dir, 'one.yaml'), yaml('one'));
  });
  afterEach(() => {
    watcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts a new valid file in service after the changes settle', async () => {
    const reloads: Catalog[] = [];
    watcher = watchCatalog({ dir, logger: silentLogger(), onReload: (c) => reloads.push(c), debounceMs: 20 });
    writeFileSync(path.join(dir, 'two.yaml'), yaml('two'));
    const latest = await waitFor(() => reloads.find((c) => c.get('two')), { what: 'a reload with two' });
    expect([...latest.ids].sort()).toEqual(['one', 'two']);
  });

  it('keeps the last good catalogue when a change is invalid, and says which file and field', async () => {
    const logger = silentLogger();
    const reloads: Catalog[] = [];
    const rejected: SeedProblem[][] = [];
    watcher = watchCatalog({ dir, logger, onReload: (c) => reloads.push(c), onRejected: (p) => rejected.push(p), debounceMs: 20 });
    writeFileSync(path.join(dir, 'bad.yaml'), yaml('bad', 'a lot'));
    await waitFor(() => rejected.length > 0, { what: 'the rejection' });
    expect(reloads).toEqual([]);
    expect(rejected[0]).toEqual([expect.objectContaining({ field: 'value.upfront.amount', file: path.join(dir, 'bad.yaml') })]);
    const line = logger.lines.find((l) => l.level === 'error')!.text;
    expect(line).toMatch(/previous catalogue stays in service/);
    expect(line).toMatch(/bad\.yaml: value\.upfront\.amount: expected an amount/);
    // Fixing the file puts everything in service.
    writeFileSync(path.join(dir, 'bad.yaml'), yaml('bad'));
    await waitFor(() => reloads.find((c) => c.get('bad')), { what: 'the reload after the fix' });
  });

  it('reload() re-reads at once', () => {
    watcher = watchCatalog({ dir, logger: silentLogger(), onReload: () => undefined, debounceMs: 10_000 });
    writeFileSync(path.join(dir, 'three.yaml'), yaml('three'));
    expect(watcher.reload()?.get('three')).toBeDefined();
  });
});
