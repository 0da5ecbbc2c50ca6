import { describe, expect, it } from 'vitest';
import { checkLayout } from './layoutGuard';

/** A layout as dockview 8 serialised it in the app: Connections above About. */
function savedLayout() {
  return {
    grid: {
      root: {
        type: 'branch',
        data: [
          {
            type: 'branch',
            data: [
              { type: 'leaf', data: { views: ['connections'], activeView: 'connections', id: '1' }, size: 275 },
              { type: 'leaf', data: { views: ['about'], activeView: 'about', id: '2' }, size: 275 },
            ],
            size: 1000,
          },
        ],
        size: 550,
      },
      width: 1000,
      height: 550,
      orientation: 'HORIZONTAL',
    },
    panels: {
      connections: { id: 'connections', contentComponent: 'connections', title: 'Connections' },
      about: { id: 'about', contentComponent: 'about', title: 'About' },
    },
    activeGroup: '2',
  };
}

const known = (component: string): boolean => component === 'connections' || component === 'about';
const reasonOf = (layout: unknown): string => {
  const check = checkLayout(layout, known);
  return check.ok ? 'restorable' : check.reason;
};

describe('checkLayout', () => {
  it('passes a layout the docking library wrote, untouched', () => {
    const layout = savedLayout();
    expect(checkLayout(layout, known)).toEqual({ ok: true, layout });
  });

  it('passes an empty workspace', () => {
    const layout = savedLayout();
    layout.grid.root = { type: 'branch', data: [], size: 550 };
    layout.panels = {} as typeof layout.panels;
    expect(reasonOf(layout)).toBe('restorable');
  });

  it('passes panels in a floating group', () => {
    const layout = { ...savedLayout(), floatingGroups: [{ data: { views: ['about'], id: '3' }, position: { left: 10, top: 10, width: 300, height: 200 } }] };
    layout.grid.root.data[0]!.data.pop();
    expect(reasonOf(layout)).toBe('restorable');
  });

  it('refuses what is not a layout at all', () => {
    expect(reasonOf(null)).toMatch(/^not a workspace layout/);
    expect(reasonOf([1, 2])).toMatch(/^not a workspace layout/);
    expect(reasonOf({ grid: {}, panels: {} })).toMatch(/^not a workspace layout \(grid\.root/);
  });

  it('refuses a panel of a screen this build does not have', () => {
    const layout = savedLayout();
    Object.assign(layout.panels, { ladder: { id: 'ladder', contentComponent: 'md-trader' } });
    expect(reasonOf(layout)).toBe("panel 'ladder' shows an unknown screen 'md-trader'");
  });

  it('refuses a group showing a panel the layout does not define', () => {
    const layout = savedLayout();
    layout.grid.root.data[0]!.data[1]!.data.views.push('fills');
    expect(reasonOf(layout)).toBe("group '2' shows a panel 'fills' that is not in the layout");
  });

  it('refuses a panel placed twice or not at all', () => {
    const twice = savedLayout();
    twice.grid.root.data[0]!.data[1]!.data.views.push('connections');
    expect(reasonOf(twice)).toBe("panel 'connections' is placed twice");

    const nowhere = savedLayout();
    nowhere.grid.root.data[0]!.data.pop();
    expect(reasonOf(nowhere)).toBe('panels not placed in any group: about');
  });

  it('refuses a group whose active panel it does not show', () => {
    const layout = savedLayout();
    layout.grid.root.data[0]!.data[0]!.data.activeView = 'about';
    expect(reasonOf(layout)).toBe("group '1' has an active panel it does not show");
  });

  it('refuses a panel stored under another id', () => {
    const layout = savedLayout();
    layout.panels.about.id = 'help';
    expect(reasonOf(layout)).toBe("panel 'about' is stored under another id ('help')");
  });

  it('refuses popout windows, which the app does not open', () => {
    expect(reasonOf({ ...savedLayout(), popoutGroups: [{ data: { views: [], id: '9' } }] })).toMatch(/popout windows are not supported/);
  });
});
