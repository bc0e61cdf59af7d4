import type { PaletteName, Terrain } from './scene-plan';
import { mix } from './svg';

/** The drawing styles of the scene cards. */
export const SCENE_STYLES = ['painted', 'ink', 'night'] as const;
export type SceneStyle = (typeof SCENE_STYLES)[number];

/** Every colour a scene is drawn with, resolved from its light, its terrain and the style. */
export interface Look {
  readonly style: SceneStyle;
  /** Zenith, middle and horizon of the sky. */
  readonly sky: readonly [string, string, string];
  readonly celestial: 'sun' | 'moon';
  /** Height of the sun or moon as a fraction of the horizon's height (0 = top, 1 = on the horizon). */
  readonly celestialHeight: number;
  readonly body: string;
  readonly glow: string;
  /** Star density, 0–1. */
  readonly stars: number;
  /** The farthest and the nearest ground layers. */
  readonly far: string;
  readonly near: string;
  readonly mist: string;
  readonly cloud: string;
  readonly water: readonly [string, string];
  /** Lit windows, torches, lanterns. */
  readonly light: string;
  /** Whether windows are lit (evening, night, fire). */
  readonly lit: boolean;
  readonly snow: string;
  /** Ink strokes along ridges and buildings; undefined in the painted styles. */
  readonly outline?: string;
  readonly band: string;
  readonly text: string;
  readonly accent: string;
  /** Opacity of the light catching each far ridge's crest. */
  readonly rim: number;
  /** Size of the sun or moon relative to the usual. */
  readonly moonScale: number;
}

interface Light {
  readonly sky: readonly [string, string, string];
  readonly celestial: 'sun' | 'moon';
  readonly celestialHeight: number;
  readonly body: string;
  readonly glow: string;
  readonly stars: number;
  readonly far: string;
  readonly near: string;
  readonly mist: string;
  readonly cloud: string;
  readonly water: readonly [string, string];
  readonly lit: boolean;
  /** How far the terrain's own colours give way to the light's (0 = full daylight colours). */
  readonly tint: number;
}

const LIGHTS: Readonly<Record<PaletteName, Light>> = {
  day: {
    sky: ['#4f86c6', '#8fbce3', '#e4eef0'], celestial: 'sun', celestialHeight: 0.3, body: '#fffbea', glow: '#fff1bf', stars: 0,
    far: '#a9bfd6', near: '#23332f', mist: '#e6eef2', cloud: '#ffffff', water: ['#86b0cf', '#24496a'], lit: false, tint: 0.22,
  },
  dawn: {
    sky: ['#45568a', '#d898a4', '#fbd6a4'], celestial: 'sun', celestialHeight: 0.82, body: '#fff4d6', glow: '#ffc992', stars: 0.12,
    far: '#b496b2', near: '#2a2236', mist: '#f6cdb8', cloud: '#f8c6b8', water: ['#d8a6a8', '#3a3454'], lit: true, tint: 0.55,
  },
  dusk: {
    sky: ['#272a5a', '#b04f78', '#f7a25e'], celestial: 'sun', celestialHeight: 0.86, body: '#ffd796', glow: '#ff9b5c', stars: 0.3,
    far: '#8c5f88', near: '#1a1224', mist: '#dc8a7c', cloud: '#e9877e', water: ['#c47a7c', '#2a1a36'], lit: true, tint: 0.66,
  },
  night: {
    sky: ['#060a1d', '#132049', '#2e4a7a'], celestial: 'moon', celestialHeight: 0.3, body: '#f4f1dc', glow: '#9fb5e6', stars: 1,
    far: '#33466f', near: '#060913', mist: '#3c5480', cloud: '#2c3c66', water: ['#2a426e', '#060b1a'], lit: true, tint: 0.82,
  },
  winter: {
    sky: ['#7fa4c8', '#c2d7e8', '#f0f5f9'], celestial: 'sun', celestialHeight: 0.55, body: '#ffffff', glow: '#eaf2ff', stars: 0,
    far: '#c3d2e1', near: '#33455a', mist: '#f2f6fa', cloud: '#f6f9fc', water: ['#a9c3d8', '#3b5670'], lit: false, tint: 0.6,
  },
  fire: {
    sky: ['#160707', '#66190f', '#ee5a1f'], celestial: 'sun', celestialHeight: 0.9, body: '#ffd27a', glow: '#ff6a20', stars: 0,
    far: '#6c2b1c', near: '#120505', mist: '#c0461c', cloud: '#5a1c14', water: ['#b44a22', '#1c0806'], lit: true, tint: 0.76,
  },
};

/**
 * The `night` style's own light: a big low moon over silvered ridges, bluer and brighter than a
 * prompt's plain "night", so the style shows even when the prompt already says night.
 */
const MOONLIT: Light = {
  sky: ['#0a1a33', '#1f4266', '#5a84a6'], celestial: 'moon', celestialHeight: 0.55, body: '#fffbe6', glow: '#d6e6ff', stars: 1.25,
  far: '#4a6d8f', near: '#08111d', mist: '#7597b8', cloud: '#46678c', water: ['#4a729a', '#07121f'], lit: true, tint: 0.8,
};

/** The colours of each terrain in plain daylight: its farthest and its nearest layer. */
const GROUND: Readonly<Record<Terrain, readonly [string, string]>> = {
  mountains: ['#8ea3bf', '#2b384b'],
  hills: ['#a3c29a', '#2c5230'],
  forest: ['#7fa08e', '#12301e'],
  sea: ['#8296ad', '#26313d'],
  desert: ['#e6bf8e', '#b06c38'],
  dungeon: ['#8a8478', '#2a2622'],
};

/** Ink on paper: sepia by day, sanguine at dusk and in fire, indigo at night. */
const INKS: Readonly<Record<PaletteName, { readonly paper: string; readonly ink: string }>> = {
  day: { paper: '#f1e6cc', ink: '#2c2218' },
  dawn: { paper: '#f3e4cf', ink: '#3a2420' },
  dusk: { paper: '#f2e0cc', ink: '#4a1f1a' },
  night: { paper: '#e6e3d6', ink: '#1b2238' },
  winter: { paper: '#eceae2', ink: '#23303c' },
  fire: { paper: '#f0dcc4', ink: '#4d1510' },
};

function inkLook(palette: PaletteName, light: Light): Look {
  const { paper, ink } = INKS[palette];
  return {
    style: 'ink',
    sky: [mix(paper, ink, 0.1), mix(paper, ink, 0.04), paper],
    celestial: light.celestial,
    celestialHeight: Math.min(light.celestialHeight, 0.7),
    body: paper,
    glow: mix(paper, '#ffffff', 0.3),
    stars: light.stars * 0.5,
    far: mix(paper, ink, 0.22),
    near: mix(paper, ink, 0.62),
    mist: paper,
    cloud: mix(paper, '#ffffff', 0.4),
    water: [mix(paper, ink, 0.12), mix(paper, ink, 0.45)],
    light: paper,
    lit: false,
    snow: paper,
    outline: ink,
    band: paper,
    text: ink,
    accent: ink,
    rim: 0,
    moonScale: 1,
  };
}

/** Resolves the colours for a scene's light, terrain and style. */
export function resolveLook(palette: PaletteName, terrain: Terrain, style: SceneStyle): Look {
  if (style === 'ink') return inkLook(palette, LIGHTS[palette]);
  // The night style keeps a fire's glow on the ground (embers, burning windows) under its moon.
  const name: PaletteName = style === 'night' ? 'night' : palette;
  const light = style === 'night' ? MOONLIT : LIGHTS[palette];
  const [groundFar, groundNear] = GROUND[terrain];
  const snowy = name === 'winter';
  // Sand keeps more of its own colour under a coloured sky than grass or rock does.
  const tint = light.tint * (terrain === 'desert' ? 0.6 : 1);
  return {
    style,
    sky: light.sky,
    celestial: light.celestial,
    celestialHeight: light.celestialHeight,
    body: light.body,
    glow: light.glow,
    stars: light.stars,
    far: mix(groundFar, light.far, snowy ? 0.75 : tint),
    near: mix(groundNear, light.near, tint),
    mist: light.mist,
    cloud: light.cloud,
    water: light.water,
    light: palette === 'fire' ? '#ffb347' : '#ffcf73',
    lit: light.lit,
    snow: mix('#f7faff', light.far, light.tint * 0.5),
    band: mix(light.near, '#000000', 0.35),
    text: '#f4e8c8',
    accent: name === 'night' ? '#c9d4f0' : '#e8c886',
    rim: style === 'night' ? 0.8 : 0.35,
    moonScale: style === 'night' ? 1.6 : 1,
  };
}
