import { useEffect, useState } from 'react';

const confirmWindowMs = 4000;

export interface ConfirmingButtonProps {
  /** What it does, as a button says it ("Remove") and while it is under way ("Removing"). */
  readonly verb: string;
  readonly doing: string;
  /** What it acts on, for the accessible name ("Remove Prod"). */
  readonly target: string;
  /** Carries it out; a rejection makes the button usable again and goes to `onFailed`. */
  readonly act: () => Promise<unknown>;
  readonly onFailed: (error: unknown) => void;
}

/**
 * A destructive action against mis-clicks: the first press arms it, a second press within a few
 * seconds acts; it disarms on its own, or when focus leaves it.
 */
export function ConfirmingButton({ verb, doing, target, act, onFailed }: ConfirmingButtonProps) {
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), confirmWindowMs);
    return () => clearTimeout(timer);
  }, [armed]);

  const press = (): void => {
    if (!armed) {
      setArmed(true);
      return;
    }
    setArmed(false);
    setBusy(true);
    // On success the row goes when main's next list arrives: nothing to do here.
    act().catch((error: unknown) => {
      setBusy(false);
      onFailed(error);
    });
  };

  return (
    <button
      type="button"
      className={armed ? 'button button--danger' : 'button button--quiet'}
      aria-label={armed ? `Confirm ${doing.toLowerCase()} ${target}` : `${verb} ${target}`}
      disabled={busy}
      onClick={press}
      onBlur={() => setArmed(false)}
    >
      {busy ? `${doing}…` : armed ? `Confirm ${verb.toLowerCase()}` : verb}
    </button>
  );
}
