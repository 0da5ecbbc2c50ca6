/** Opens the command palette; panels may not take these. */
export const commandPaletteShortcuts = ['Mod+K', 'Mod+Shift+P'] as const;
