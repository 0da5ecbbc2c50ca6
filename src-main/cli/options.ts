import { InvalidArgumentError } from 'commander';

/** A TCP port flag: 0 (pick a free one) to 65535, anything else is a one-line error. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`'${value}' is not a port number (0-65535)`);
  const port = Number(value);
  if (port > 65535) throw new InvalidArgumentError(`${port} is above 65535`);
  return port;
}
