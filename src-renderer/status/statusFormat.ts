// How the status bar and the panels write times and sizes: fixed width, so that numbers that
// change every second do not make the text around them jump.

function twoDigits(value: number): string {
  return value.toString().padStart(2, '0');
}

/** `HH:MM:SS` of an epoch-ms time, in the local time zone. */
export function formatClock(epochMs: number): string {
  const time = new Date(epochMs);
  return `${twoDigits(time.getHours())}:${twoDigits(time.getMinutes())}:${twoDigits(time.getSeconds())}`;
}

/** `HH:MM:SS` for less than a day, `Nd HH:MM:SS` beyond. */
export function formatUptime(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const clock = `${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** Resident memory in binary units: `512 KiB`, `84.3 MiB`, `1.25 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
}

/** A delay in milliseconds: two decimals below 10 ms, where a trader cares, whole numbers above. */
export function formatDelayMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}
