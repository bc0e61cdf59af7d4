import type { Random } from './random';
import { pick } from './random';

/** The ground a scene is set on; `dungeon` is the one interior (no sky). */
export const TERRAINS = ['mountains', 'hills', 'forest', 'sea', 'desert', 'dungeon'] as const;
export type Terrain = (typeof TERRAINS)[number];

/** A building drawn on the land, named by the prompt; never invented when the prompt names none. */
export const LANDMARKS = ['none', 'city', 'tavern', 'tower', 'castle'] as const;
export type Landmark = (typeof LANDMARKS)[number];

/** The light of the scene: a time of day, or a mood that overrides it. */
export const PALETTES = ['day', 'dawn', 'dusk', 'night', 'winter', 'fire'] as const;
export type PaletteName = (typeof PALETTES)[number];

/** What a scene card shows, decided from the prompt's words before anything is drawn. */
export interface ScenePlan {
  readonly terrain: Terrain;
  readonly landmark: Landmark;
  readonly palette: PaletteName;
  /** The landmark is broken (ruins, abandoned). */
  readonly ruined: boolean;
  /** Snow on the ground and peaks (winter words, whatever the time of day). */
  readonly snow: boolean;
  /** Low fog between the ridges. */
  readonly mist: boolean;
  /** A volcano rises among the mountains. */
  readonly volcano: boolean;
  /** Ships or boats on the water. */
  readonly vessels: boolean;
  /** Which fields came from the prompt's words rather than from the seed (for tests and logs). */
  readonly fromPrompt: { readonly terrain: boolean; readonly palette: boolean };
}

/**
 * Word patterns in English and Russian. Each is matched against whole words of the lower-cased
 * prompt from their start, so a stem like `лес` matches `лесной` but the pattern can exclude
 * look-alikes (`лестница`, `город` for `гор`).
 */
const TERRAIN_WORDS: Readonly<Record<Terrain, RegExp>> = {
  dungeon:
    /^(dungeon|cave|cavern|crypt|catacomb|tomb|vault|sewer|mines?$|underground|underdark|lair|grotto|labyrinth|undercroft|подзем|пещер|склеп|катакомб|гробниц|шахт|логов|лабиринт|грот|подвал|темниц|застен)/,
  sea: /^(seas?$|seaside|seashore|ocean|coast|shore|beach|harbou?r|ports?$|bay|lake|island|isle|cove|wave|ships?$|boats?$|sail|fleet|pier|lagoon|мор(е|я|ю|ем|ей|ск|як)|океан|берег|побереж|пляж|гаван|порт(?!рет)|залив|озер|остров|бухт|корабл|лодк|лодок|парус|флот|волн|пристан|лагун)/,
  desert:
    /^(desert|dune|sand|oasis|waste|badland|canyon|mesa|пустын|дюн|бархан|пес(ок|к|ч)|оазис|каньон)/,
  forest:
    /^(forest|woods?$|woodland|grove|jungle|tree|trees|pine|oak|thicket|taiga|glade|лес(?!т)|чащ|рощ|бор$|бору$|тайг|джунгл|дерев(о|а$|ьев|ья)|дуб|сосн|ел(ь|и|ей|ям|ях)$|опушк|полян)/,
  mountains:
    /^(volcan|вулкан|mountain|mount|peak|summit|cliff|crag|alps?$|alpine|highland|ridge|pass$|гор(а|ы|у|е|ой|ам|ах|ами|н|ист)?$|горн|вершин|пик|скал|утёс|утес|хреб|перевал|нагорь)/,
  hills:
    /^(hill|valley|vales?$|meadow|field|plain|moor|glen|dale|farm|shire|countryside|prairie|steppe|холм|долин|луг|пол(е|я|ям|ях)$|равнин|степ|пастбищ|нив|пригор)/,
};

const LANDMARK_WORDS: Readonly<Record<Exclude<Landmark, 'none'>, RegExp>> = {
  tavern:
    /^(tavern|inns?$|pubs?$|alehouse|hamlet|village|cottage|house|huts?$|таверн|трактир|корчм|постоял|харчевн|кабак|деревн|сел(о|а|е|у)$|хижин|изб(а|ы|у|е|ушк)|дом(а|ик|ом|у)?$)/,
  castle:
    /^(castle|fortress|forts?$|fortif|keeps?$|citadel|stronghold|palace|bastion|замк|замок|крепост|цитадел|двор(е|ц)|форт$|бастион|твердын)/,
  tower: /^(tower|watchtower|spire|lighthouse|obelisk|belfry|башн|маяк|шпил|обелиск|колоколь)/,
  city: /^(city|cities|town|capital|metropolis|street|market|borough|город|столиц|улиц|рын(ок|оч)|площад|квартал|посад)/,
};

const PALETTE_WORDS: Readonly<Record<Exclude<PaletteName, 'day' | 'winter'>, RegExp>> = {
  fire: /^(fire|fires|flame|burn|lava|volcan|inferno|ember|hell$|hellfire|hellish|forge|blaze|пожар|ог(онь|ня|нём|нем|нен|ни)|плам|лав(а|ы|е|у|ой)$|вулкан|горящ|горел|кузн|пекл|ад(а|у)?$)/,
  night: /^(night|midnight|moon|stars?$|starry|starlit|dark|nocturn|ноч|полноч|лун|звёзд|звезд|тьм|темн|мрак)/,
  dusk: /^(dusk|sunset|evening|twilight|eventide|закат|сумер|вечер)/,
  dawn: /^(dawn|sunrise|morning|daybreak|рассвет|утр(о|а|ом|енн)|зар(я|ей|ю|е)$|восход)/,
};

const SNOW_WORDS = /^(winter|snow|ice|icy|frost|frozen|glacier|blizzard|cold|arctic|tundra|зим|снег|снеж|л[её]д(?!и)|мороз|ледник|вьюг|метел|тундр|иней)/;
const MIST_WORDS = /^(mist|misty|fog|foggy|haze|hazy|smoke|туман|дымк|мгл|марев)/;
const VESSEL_WORDS = /^(ships?$|boats?$|sail|fleet|galleon|корабл|лодк|лодок|парус|флот|галеон|ладь)/;
const VOLCANO_WORDS = /^(volcan|вулкан|lava|лав(а|ы|е|у|ой)$)/;
const RUIN_WORDS = /^(ruin|ruined|ruins|abandoned|crumbl|broken|forgotten|руин|разруш|заброш|развалин|забыт)/;

/** The prompt's words, lower-cased, split on anything that is not a letter or a digit. */
export function promptWords(prompt: string): readonly string[] {
  return prompt.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

const count = (words: readonly string[], pattern: RegExp): number => words.filter((word) => pattern.test(word)).length;

/** The key whose pattern matches most words; the earlier key in the table wins a tie. */
function strongest<K extends string>(words: readonly string[], table: Readonly<Record<K, RegExp>>): K | undefined {
  let best: K | undefined;
  let bestCount = 0;
  for (const [key, pattern] of Object.entries(table) as [K, RegExp][]) {
    const n = count(words, pattern);
    if (n > bestCount) [best, bestCount] = [key, n];
  }
  return best;
}

/** The first key whose pattern matches any word (the table is in priority order). */
function first<K extends string>(words: readonly string[], table: Readonly<Record<K, RegExp>>): K | undefined {
  return (Object.entries(table) as [K, RegExp][]).find(([, pattern]) => count(words, pattern) > 0)?.[0];
}

/** Unnamed places are more often green or rocky than sea or sand. */
const OUTDOOR: readonly Terrain[] = ['mountains', 'mountains', 'hills', 'hills', 'forest', 'forest', 'sea', 'desert'];
/** Day and dusk come up more often than the others when the prompt names no light. */
const SEEDED_PALETTES: readonly PaletteName[] = ['day', 'day', 'dusk', 'dusk', 'dawn', 'night'];

/**
 * Decides what the card shows: terrain, landmark and light by keywords in the prompt (English and
 * Russian), and what the prompt leaves open by `random` (seeded by the request). Pure.
 */
export function planScene(prompt: string, random: Random): ScenePlan {
  const words = promptWords(prompt);
  const named = strongest(words, TERRAIN_WORDS);
  const landmark = strongest(words, LANDMARK_WORDS) ?? 'none';
  const seededTerrain = pick(random, OUTDOOR);
  const seededPalette = pick(random, SEEDED_PALETTES);
  const snow = count(words, SNOW_WORDS) > 0;
  const mist = count(words, MIST_WORDS) > 0;
  const ruined = count(words, RUIN_WORDS) > 0;
  // A building with no named ground stands on hills (a town, an inn) or a rise (a tower, a castle).
  const terrain = named ?? (landmark === 'none' ? seededTerrain : landmark === 'city' || landmark === 'tavern' ? 'hills' : 'mountains');
  const light = first(words, PALETTE_WORDS);
  const palette = light ?? (snow ? 'winter' : seededPalette);
  return {
    terrain,
    landmark: terrain === 'dungeon' ? 'none' : landmark,
    palette,
    ruined,
    snow,
    volcano: count(words, VOLCANO_WORDS) > 0 && terrain === 'mountains',
    vessels: count(words, VESSEL_WORDS) > 0 && terrain === 'sea',
    mist: mist || (named === undefined && landmark === 'none' && random() < 0.35),
    fromPrompt: { terrain: named !== undefined || landmark !== 'none', palette: light !== undefined || snow },
  };
}
