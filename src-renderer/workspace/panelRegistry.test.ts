import { describe, expect, it } from 'vitest';
import { PanelRegistry, type PanelDefinition } from './panelRegistry';

const screen = (): null => null;
const panel = (id: string, shortcut?: string): PanelDefinition => ({
  id,
  title: id.toUpperCase(),
  description: `the ${id} screen`,
  component: screen,
  ...(shortcut === undefined ? {} : { shortcut }),
});

describe('PanelRegistry', () => {
  it('lists panels in the order given and finds them by id', () => {
    const registry = new PanelRegistry([panel('connections', 'Alt+Shift+C'), panel('about')], 'other');
    expect(registry.all().map((entry) => entry.id)).toEqual(['connections', 'about']);
    expect(registry.get('about')?.title).toBe('ABOUT');
    expect(registry.has('ladder')).toBe(false);
    expect(Object.keys(registry.components())).toEqual(['connections', 'about']);
  });

  it('finds the panel a key press opens', () => {
    const registry = new PanelRegistry([panel('connections', 'Alt+Shift+C'), panel('about', 'Alt+Shift+A')], 'other');
    const press = { code: 'KeyA', altKey: true, shiftKey: true, ctrlKey: false, metaKey: false };
    expect(registry.panelForKeyPress(press)?.id).toBe('about');
    expect(registry.panelForKeyPress({ ...press, code: 'KeyZ' })).toBeUndefined();
  });

  it('refuses a second panel with the same id', () => {
    expect(() => new PanelRegistry([panel('fills'), panel('fills')], 'other')).toThrow(/registered twice/);
  });

  it('refuses ids that would not survive in a saved layout', () => {
    expect(() => new PanelRegistry([panel('Order Book')], 'other')).toThrow(/lower-case/);
  });

  it('refuses two panels on one shortcut, however it is written', () => {
    expect(() => new PanelRegistry([panel('fills', 'Alt+Shift+F'), panel('fix', 'Shift+Alt+F')], 'other')).toThrow(
      /already used by 'fills'/,
    );
  });

  it('refuses a shortcut the workspace keeps for itself', () => {
    expect(() => new PanelRegistry([panel('palette-like', 'Ctrl+K')], 'other', ['Mod+K'])).toThrow(/the workspace/);
  });

  it('refuses a shortcut that cannot be typed', () => {
    expect(() => new PanelRegistry([panel('fills', 'Alt+Tab')], 'other')).toThrow(/not a letter/);
  });
});
