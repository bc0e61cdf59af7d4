import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';
import { planScene, promptWords } from './scene-plan';

const plan = (prompt: string, seed = 1) => planScene(prompt, mulberry32(seed));

describe('planScene', () => {
  it('picks the terrain from English words', () => {
    expect(plan('A hunter’s camp deep in the forest').terrain).toBe('forest');
    expect(plan('A desert oasis at dusk').terrain).toBe('desert');
    expect(plan('Snowy mountain pass').terrain).toBe('mountains');
    expect(plan('Fishing boats in the bay').terrain).toBe('sea');
    expect(plan('The rolling hills of the Shire').terrain).toBe('hills');
    expect(plan('The crypt beneath the old abbey').terrain).toBe('dungeon');
  });

  it('picks the terrain from Russian words, in any case ending', () => {
    expect(plan('Дремучий лес').terrain).toBe('forest');
    expect(plan('В лесной чаще').terrain).toBe('forest');
    expect(plan('Пустыня без конца').terrain).toBe('desert');
    expect(plan('Пещера гоблинов').terrain).toBe('dungeon');
    expect(plan('Перевал в горах').terrain).toBe('mountains');
    expect(plan('Берег моря').terrain).toBe('sea');
    expect(plan('Зелёные холмы').terrain).toBe('hills');
  });

  it('does not mistake look-alike words', () => {
    // «лестница» is not «лес», «город» is not «гора», "wooden" is not "woods", "inner" is not "inn".
    expect(plan('Старая лестница', 3).fromPrompt.terrain).toBe(false);
    expect(plan('Старый город')).toMatchObject({ landmark: 'city', terrain: 'hills' });
    expect(plan('A wooden chest in the inner room', 3).fromPrompt.terrain).toBe(false);
    expect(plan('A wooden chest in the inner room', 3).landmark).toBe('none');
  });

  it('forest and desert prompts give different terrain whatever the seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      expect(plan('forest', seed).terrain).toBe('forest');
      expect(plan('desert', seed).terrain).toBe('desert');
    }
  });

  it('finds the landmark and places it on fitting ground', () => {
    expect(plan('Таверна «Пьяный грифон»')).toMatchObject({ landmark: 'tavern', terrain: 'hills' });
    expect(plan('A ruined watchtower above a misty valley')).toMatchObject({ landmark: 'tower', terrain: 'hills', ruined: true, mist: true });
    expect(plan('Castle of the Storm King')).toMatchObject({ landmark: 'castle', terrain: 'mountains' });
    expect(plan('A lighthouse on the coast')).toMatchObject({ landmark: 'tower', terrain: 'sea' });
    expect(plan('A tavern in the dungeon')).toMatchObject({ landmark: 'none', terrain: 'dungeon' });
  });

  it('picks the light from words in both languages, fire before night before dusk', () => {
    expect(plan('Moonlit forest at night').palette).toBe('night');
    expect(plan('Лес ночью').palette).toBe('night');
    expect(plan('Закат над морем').palette).toBe('dusk');
    expect(plan('Dawn over the hills').palette).toBe('dawn');
    expect(plan('Огонь и пепел').palette).toBe('fire');
    expect(plan('The burning city at night').palette).toBe('fire');
    expect(plan('A winter village')).toMatchObject({ palette: 'winter', snow: true });
    expect(plan('Зимняя ночь в горах')).toMatchObject({ palette: 'night', snow: true, terrain: 'mountains' });
    expect(plan('Вулкан')).toMatchObject({ terrain: 'mountains', palette: 'fire', volcano: true });
  });

  it('leaves to the seed what the prompt does not say, and says so', () => {
    const terrains = new Set<string>();
    const palettes = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const p = plan('The Whispering Reach', seed);
      terrains.add(p.terrain);
      palettes.add(p.palette);
      expect(p.fromPrompt).toEqual({ terrain: false, palette: false });
      expect(p.landmark).toBe('none');
    }
    expect(terrains.size).toBeGreaterThan(2);
    expect(palettes.size).toBeGreaterThan(2);
    expect(plan('The Whispering Reach', 9)).toEqual(plan('The Whispering Reach', 9));
  });

  it('splits words on anything that is not a letter or digit', () => {
    expect(promptWords('«Пьяный грифон» — inn, 2nd floor!')).toEqual(['пьяный', 'грифон', 'inn', '2nd', 'floor']);
  });
});
