import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ShortcutText } from './keyChords';

export interface MenuAction {
  readonly id: string;
  readonly label: string;
  readonly shortcut?: ShortcutText;
  /** Shown with a check mark (e.g. the panel is open). */
  readonly checked?: boolean;
  run(): void;
}

export type MenuEntry = MenuAction | 'separator';

export interface Menu {
  readonly label: string;
  readonly entries: readonly MenuEntry[];
}

interface OpenMenu {
  readonly menu: number;
  readonly item: number;
}

function actionsOf(menu: Menu): MenuAction[] {
  return menu.entries.filter((entry): entry is MenuAction => entry !== 'separator');
}

/**
 * The application menu bar, keyboard operable as WAI-ARIA's menubar pattern describes: arrows
 * move between menus and items, Enter or Space runs, Escape closes and gives focus back.
 */
export function MenuBar({ menus, children }: { menus: readonly Menu[]; children?: ReactNode }) {
  const [open, setOpen] = useState<OpenMenu | null>(null);
  const [focusedMenu, setFocusedMenu] = useState(0);
  const bar = useRef<HTMLDivElement>(null);
  const topItems = useRef<(HTMLButtonElement | null)[]>([]);
  const menuItems = useRef<(HTMLElement | null)[]>([]);

  useEffect(() => {
    if (open) menuItems.current[open.item]?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const closeOnOutsidePointer = (event: PointerEvent): void => {
      if (!bar.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', closeOnOutsidePointer, true);
    return () => document.removeEventListener('pointerdown', closeOnOutsidePointer, true);
  }, [open]);

  const focusTop = (index: number): void => {
    setFocusedMenu(index);
    topItems.current[index]?.focus();
  };

  const openMenu = (menu: number, at: 'first' | 'last'): void => {
    const count = actionsOf(menus[menu]!).length;
    setFocusedMenu(menu);
    setOpen({ menu, item: at === 'first' ? 0 : count - 1 });
  };

  const closeMenu = (refocus: boolean): void => {
    const menu = open?.menu;
    setOpen(null);
    if (refocus && menu !== undefined) focusTop(menu);
  };

  const run = (action: MenuAction): void => {
    setOpen(null);
    action.run();
  };

  const adjacent = (menu: number, step: number): number => (menu + step + menus.length) % menus.length;

  const onTopKey = (event: KeyboardEvent, menu: number): void => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => openMenu(menu, 'first'),
      Enter: () => openMenu(menu, 'first'),
      ' ': () => openMenu(menu, 'first'),
      ArrowUp: () => openMenu(menu, 'last'),
      ArrowRight: () => focusTop(adjacent(menu, 1)),
      ArrowLeft: () => focusTop(adjacent(menu, -1)),
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };

  const onMenuKey = (event: KeyboardEvent, current: OpenMenu): void => {
    const actions = actionsOf(menus[current.menu]!);
    const move = (item: number): void => setOpen({ menu: current.menu, item: (item + actions.length) % actions.length });
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current.item + 1),
      ArrowUp: () => move(current.item - 1),
      Home: () => move(0),
      End: () => move(actions.length - 1),
      Escape: () => closeMenu(true),
      ArrowRight: () => openMenu(adjacent(current.menu, 1), 'first'),
      ArrowLeft: () => openMenu(adjacent(current.menu, -1), 'first'),
      Enter: () => run(actions[current.item]!),
      ' ': () => run(actions[current.item]!),
    };
    if (event.key === 'Tab') {
      setOpen(null);
      return;
    }
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    event.stopPropagation();
    handler();
  };

  return (
    <div className="menu-bar" ref={bar}>
      <div role="menubar" aria-label="Application" className="menu-bar__menus">
        {menus.map((menu, menuIndex) => {
          const expanded = open?.menu === menuIndex;
          let actionIndex = -1;
          return (
            <div key={menu.label} className="menu">
              <button
                ref={(element) => {
                  topItems.current[menuIndex] = element;
                }}
                type="button"
                role="menuitem"
                aria-haspopup="menu"
                aria-expanded={expanded}
                tabIndex={menuIndex === focusedMenu ? 0 : -1}
                className="menu__title"
                onClick={() => (expanded ? closeMenu(false) : openMenu(menuIndex, 'first'))}
                onKeyDown={(event) => onTopKey(event, menuIndex)}
              >
                {menu.label}
              </button>
              {expanded && (
                <ul role="menu" aria-label={menu.label} className="menu__popup" onKeyDown={(event) => onMenuKey(event, open)}>
                  {menu.entries.map((entry, entryIndex) => {
                    if (entry === 'separator') return <li key={`separator-${entryIndex}`} role="separator" className="menu__separator" />;
                    actionIndex += 1;
                    const index = actionIndex;
                    return (
                      <li
                        key={entry.id}
                        ref={(element) => {
                          menuItems.current[index] = element;
                        }}
                        role={entry.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
                        aria-checked={entry.checked}
                        aria-keyshortcuts={entry.shortcut?.aria}
                        tabIndex={-1}
                        className="menu__item"
                        onClick={() => run(entry)}
                        onPointerMove={() => {
                          if (open.item !== index) setOpen({ menu: menuIndex, item: index });
                        }}
                      >
                        <span className="menu__check" aria-hidden="true">
                          {entry.checked ? '✓' : ''}
                        </span>
                        <span className="menu__label">{entry.label}</span>
                        {entry.shortcut && <kbd className="menu__shortcut">{entry.shortcut.shown}</kbd>}
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          );
        })}
      </div>
      {children}
    </div>
  );
}
