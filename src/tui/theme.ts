// Semantic colours for the dashboard. Components ask for a role (accent, muted, warn, ...),
// never a hex value. NO_COLOR and `[ui] theme = "mono"` give a theme with no colours at all:
// chalk (inside Ink) ignores NO_COLOR, so aura has to honour it here. Without colour,
// selection and emphasis rely on inverse and bold, which every terminal shows.
import {createContext, useContext} from 'react';

export interface Theme {
  /** True when no colours are used (components may add bold/inverse to compensate). */
  mono: boolean;
  /** Headings, the active pill, the selected bar. */
  accent?: string;
  /** Secondary bars, inactive accents. */
  accentDim?: string;
  /** Labels, hints, axes. */
  muted?: string;
  good?: string;
  warn?: string;
  bad?: string;
  border?: string;
  /** The Claude brand colour (the Claude Code agent accent). */
  claude?: string;
}

// Palette of the original app (aura-seed-spec 10.6). The body text keeps the terminal's own
// foreground so light and dark terminals both read well.
const PALETTE: Theme = {
  mono: false,
  accent: '#8b5cf6',
  accentDim: '#4c1d95',
  muted: '#8a8a9a',
  good: '#6cc28a',
  warn: '#e0a96d',
  bad: '#ff6b6b',
  border: '#2d2d36',
  claude: '#d97757',
};

const MONO: Theme = {mono: true};

export type ThemeName = 'default' | 'mono';

/** The theme for a config choice and environment (NO_COLOR set to anything non-empty wins). */
export function makeTheme(name: ThemeName, env: Record<string, string | undefined> = process.env): Theme {
  if (name === 'mono' || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return MONO;
  return PALETTE;
}

const ThemeContext = createContext<Theme>(PALETTE);

export const ThemeProvider = ThemeContext.Provider;

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
