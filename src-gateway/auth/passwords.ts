import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords are stored as salted scrypt hashes with their parameters, so the cost can be raised
// later without invalidating existing hashes:  scrypt$ln=15,r=8,p=1$<salt b64>$<key b64>.
// Hashing runs on libuv's thread pool (crypto.scrypt), never on the event loop; at most
// `maxConcurrent` run at once so a burst of logons cannot occupy the whole pool, which the
// gateway's file I/O shares.

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** N = 2^15, r = 8, p = 1: 32 MiB and about 130-150 ms per hash on the 2-core build machine. */
export const defaultScryptParams: ScryptParams = { logN: 15, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
const encodedPattern = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface DecodedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function decode(encoded: string): DecodedHash | undefined {
  const match = encodedPattern.exec(encoded);
  if (!match) return undefined;
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.logN < 1 || params.logN > 18 || params.r < 1 || params.p < 1) return undefined;
  return { params, salt: Buffer.from(match[4]!, 'base64'), key: Buffer.from(match[5]!, 'base64') };
}

function options(params: ScryptParams): ScryptOptions {
  // Node refuses more than 32 MiB by default; leave room for N = 2^15 with r = 8 and above.
  return { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: 256 * 2 ** params.logN * params.r + 2 ** 20 };
}

export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private dummy: Promise<string> | undefined;

  constructor(
    private readonly params: ScryptParams = defaultScryptParams,
    private readonly maxConcurrent = 2,
  ) {}

  /** A new salted hash of `password` with this hasher's parameters. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(saltBytes);
    const key = await this.derive(password, salt, keyBytes, this.params);
    const { logN, r, p } = this.params;
    return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /**
   * Whether `password` matches `encoded`, compared in constant time. With no hash (an unknown
   * user) it does the same work against a dummy hash and answers false, so the time taken does
   * not tell an attacker which usernames exist.
   */
  async verify(password: string, encoded: string | undefined): Promise<boolean> {
    const decoded = encoded === undefined ? undefined : decode(encoded);
    if (!decoded) {
      this.dummy ??= this.hash('');
      const dummy = decode(await this.dummy)!;
      await this.derive(password, dummy.salt, dummy.key.length, dummy.params);
      return false;
    }
    const key = await this.derive(password, decoded.salt, decoded.key.length, decoded.params);
    return timingSafeEqual(key, decoded.key);
  }

  private async derive(password: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
    await this.acquire();
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, length, options(params), (error, key) => (error ? reject(error) : resolve(key)));
      });
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/** Whether a stored value has the shape of a hash this module wrote (the store refuses anything else). */
export function isPasswordHash(encoded: string): boolean {
  return decode(encoded) !== undefined;
}
