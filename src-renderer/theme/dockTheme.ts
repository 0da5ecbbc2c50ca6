import { themeDark, type DockviewTheme } from 'dockview-react';

/** The docking library's dark theme with our colours on top (see theme.css, `.tessera-dock`). */
export const tesseraDockTheme: DockviewTheme = {
  ...themeDark,
  name: 'tessera',
  className: `${themeDark.className} tessera-dock`,
  colorScheme: 'dark',
};
