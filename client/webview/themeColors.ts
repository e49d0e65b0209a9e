// Reads the VS Code theme's `--vscode-*` colours (with fallbacks for the standalone page) and turns
// them into rgb()/rgba() strings, because Cytoscape draws on a canvas and cannot resolve CSS variables.

/** Role → [VS Code variable, fallback]. The fallbacks are VS Code's Dark Modern values. */
const themeVariables = {
  background: ['--vscode-editor-background', '#1f1f1f'],
  foreground: ['--vscode-editor-foreground', '#cccccc'],
  muted: ['--vscode-descriptionForeground', '#9d9d9d'],
  border: ['--vscode-panel-border', '#2b2b2b'],
  groupFill: ['--vscode-sideBar-background', '#181818'],
  focus: ['--vscode-focusBorder', '#0078d4'],
  highlight: ['--vscode-editor-findMatchHighlightBackground', '#623315'],
  deny: ['--vscode-charts-red', '#f14c4c'],
  blue: ['--vscode-charts-blue', '#3794ff'],
  green: ['--vscode-charts-green', '#89d185'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
  orange: ['--vscode-charts-orange', '#d18616'],
  purple: ['--vscode-charts-purple', '#b180d7'],
  lines: ['--vscode-charts-lines', '#808080'],
  // The charts palette has six hues; two terminal colours give sidecar and gateway their own.
  cyan: ['--vscode-terminal-ansiCyan', '#11a8cd'],
  magenta: ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
} as const;

export type ThemeRole = keyof typeof themeVariables;
export type ThemeColors = Record<ThemeRole, string>;

/** Resolves every role to a canvas-safe colour string using the browser's own colour parser. */
export function readThemeColors(root: HTMLElement = document.documentElement): ThemeColors {
  const style = getComputedStyle(root);
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.appendChild(probe);
  const out = {} as ThemeColors;
  for (const [role, [variable, fallback]] of Object.entries(themeVariables) as [ThemeRole, readonly [string, string]][]) {
    const raw = style.getPropertyValue(variable).trim() || fallback;
    probe.style.color = '';
    probe.style.color = raw;
    if (!probe.style.color) probe.style.color = fallback;
    out[role] = getComputedStyle(probe).color;
  }
  probe.remove();
  return out;
}

/** Light or dark, from the editor background's luminance (high-contrast themes fall on their background's side). */
export function themeKind(colors: ThemeColors): 'light' | 'dark' {
  const channels = /(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)/.exec(colors.background);
  if (!channels) return 'dark';
  const [r, g, b] = [channels[1], channels[2], channels[3]].map(Number) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128 ? 'light' : 'dark';
}
