import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { matchCommands, type WorkspaceCommand } from './commands';

/**
 * Every command by name from the keyboard: type to filter, arrows to choose, Enter to run,
 * Escape to go back to where you were. A combobox over a listbox, as WAI-ARIA describes.
 */
export function CommandPalette({ commands, onClose }: { commands: readonly WorkspaceCommand[]; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => matchCommands(commands, query), [commands, query]);
  const chosen = matches[Math.min(active, matches.length - 1)];

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  useEffect(() => {
    if (chosen) document.getElementById(optionId(listId, chosen))?.scrollIntoView({ block: 'nearest' });
  }, [chosen, listId]);

  const run = (command: WorkspaceCommand): void => {
    onClose();
    command.run();
  };

  const onKey = (event: KeyboardEvent): void => {
    const count = matches.length;
    const keys: Record<string, () => void> = {
      ArrowDown: () => setActive((index) => (count === 0 ? 0 : (Math.min(index, count - 1) + 1) % count)),
      ArrowUp: () => setActive((index) => (count === 0 ? 0 : (Math.min(index, count - 1) - 1 + count) % count)),
      Enter: () => {
        if (chosen) run(chosen);
      },
      Escape: onClose,
      // The palette is modal: focus stays in it until it closes.
      Tab: () => undefined,
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    event.stopPropagation();
    handler();
  };

  return (
    <div className="palette-backdrop" onPointerDown={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        className="palette"
        onPointerDown={(event) => event.stopPropagation()}
      >
        <input
          ref={input}
          className="palette__input"
          role="combobox"
          aria-label="Command"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={chosen ? optionId(listId, chosen) : undefined}
          placeholder="Type a command"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        <ul id={listId} role="listbox" aria-label="Commands" className="palette__list">
          {matches.map((command) => (
            <li
              key={command.id}
              id={optionId(listId, command)}
              role="option"
              aria-selected={command === chosen}
              className="palette__option"
              onPointerMove={() => setActive(matches.indexOf(command))}
              onClick={() => run(command)}
            >
              <span className="palette__category">{command.category}</span>
              <span className="palette__title">{command.title}</span>
              {command.shortcut && <kbd aria-hidden="true">{command.shortcut.shown}</kbd>}
            </li>
          ))}
        </ul>
        {matches.length === 0 && <p className="palette__empty">No command matches “{query}”</p>}
      </div>
    </div>
  );
}

function optionId(listId: string, command: WorkspaceCommand): string {
  return `${listId}-${command.id}`;
}
