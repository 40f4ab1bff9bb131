/**
 * The bot indexes a catalogue's title words in the background once it is in service. When a
 * reload puts another catalogue in its place, or the bot stops, that work is stopped: at 100k
 * deals it is ~1 s of CPU spent on a catalogue nobody looks up any more.
 */
import { Catalog } from '../../src/deals/catalog';
import { createTestBot, httpEnv } from '../helpers/bot';
import { makeDeal } from '../helpers/deal-factory';

/** Enough deals that indexing their titles takes several slices of the event loop (10 ms each). */
function largeCatalog(): Catalog {
  return new Catalog(Array.from({ length: 20_000 }, (_, n) => makeDeal({ id: `d-${n}`, parties: ['Orion Bio'], title: `Orion Bio — licence ${n} to ORX-${n} alpha beta gamma` })));
}

describe('indexing title words in the bot', () => {
  it('stops for the catalogue a reload replaced, and indexes the new one', async () => {
    const replaced = largeCatalog();
    const bot = await createTestBot(httpEnv('http://127.0.0.1:9'), { catalog: replaced, hotReload: false, digestScheduler: false });
    try {
      // The build the bot started (buildTitleWords hands back the same promise).
      const building = replaced.buildTitleWords();
      const next = bot.bot.reloadCatalog()!;
      expect(bot.bot.catalog()).toBe(next);
      await expect(building).rejects.toThrow(/abort/i);
      expect(replaced.titleWords).toBeUndefined();
      // Not a failure: nothing is logged as one.
      expect(bot.logger.lines.map((l) => l.text)).not.toContainEqual(expect.stringMatching(/could not index the deal titles/));
      await next.buildTitleWords();
      expect(next.titleWords!.dealsWithAll(['ys2302018']).map((i) => next.index.ids[i])).toEqual(['az-cspc-2024']);
    } finally {
      await bot.close();
    }
  });

  it('stops when the bot stops', async () => {
    const catalog = largeCatalog();
    const bot = await createTestBot(httpEnv('http://127.0.0.1:9'), { catalog, hotReload: false, digestScheduler: false });
    const building = catalog.buildTitleWords();
    await bot.close();
    await expect(building).rejects.toThrow(/abort/i);
  });
});
