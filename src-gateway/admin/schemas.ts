import { z } from 'zod';
import { parseOperatorId } from '../auth/algoLabel';
import { BURST_LIMITS } from '../exchange/BurstFlow';
import { auditEntities, roles } from '../store/records';

// Every body the admin API accepts (SPEC §10: validated by a schema, errors name the field).
// Names end up in FIX fields (553, 50, 57, 1), so they are plain printable ASCII.

const name = z.string({ error: 'expected a text' }).regex(/^[A-Za-z0-9._@-]{1,64}$/, {
  error: 'expected 1 to 64 letters, digits or . _ @ -',
});
const accountNumber = z.string({ error: 'expected a text' }).regex(/^[A-Za-z0-9_-]{1,32}$/, {
  error: 'expected 1 to 32 letters, digits, _ or -',
});
const password = z
  .string({ error: 'expected a text' })
  .min(8, { error: 'expected at least 8 characters' })
  .max(256, { error: 'expected at most 256 characters' });
const role = z.enum(roles, { error: `expected one of ${roles.join(', ')}` });
const boolean = z.boolean({ error: 'expected true or false' });
const operatorId = z
  .string({ error: 'expected a text' })
  .max(64, { error: 'expected at most 64 characters' })
  .check((ctx) => {
    const parsed = parseOperatorId(ctx.value);
    if (!parsed.ok) ctx.issues.push({ code: 'custom', input: ctx.value, message: parsed.reason });
  });

function list<T extends z.ZodType>(item: T, max: number) {
  return z.array(item, { error: 'expected a list' }).max(max, { error: `expected at most ${max} entries` });
}

function limit(min: number) {
  const error = `expected null (no limit) or an integer from ${min} to 1000000000`;
  return z.int({ error }).min(min, { error }).max(1_000_000_000, { error }).nullable();
}

export const loginBody = z.strictObject(
  {
    firm: z.string({ error: 'expected a text' }).min(1, { error: 'expected a firm name' }).max(64),
    username: z.string({ error: 'expected a text' }).min(1, { error: 'expected a username' }).max(64),
    password: z.string({ error: 'expected a text' }).max(256),
  },
  { error: 'expected an object {"firm", "username", "password"}' },
);

const userFields = {
  roles: list(role, roles.length),
  applications: list(name, 100),
  accounts: list(accountNumber, 10_000),
  exchanges: list(name, 100),
  marketDataCompleted: boolean,
  operatorId,
};

export const newUserBody = z.strictObject(
  {
    username: name,
    password,
    roles: userFields.roles.default([]),
    applications: userFields.applications.default([]),
    accounts: userFields.accounts.default([]),
    exchanges: userFields.exchanges.default([]),
    marketDataCompleted: userFields.marketDataCompleted.default(false),
    operatorId: userFields.operatorId.default(''),
  },
  { error: 'expected an object' },
);

export const userChangesBody = z
  .strictObject(
    {
      roles: userFields.roles.optional(),
      applications: userFields.applications.optional(),
      accounts: userFields.accounts.optional(),
      exchanges: userFields.exchanges.optional(),
      marketDataCompleted: userFields.marketDataCompleted.optional(),
      operatorId: userFields.operatorId.optional(),
    },
    { error: 'expected an object' },
  )
  .refine((changes) => Object.keys(changes).length > 0, { error: 'expected at least one change' });

export const passwordBody = z.strictObject({ password }, { error: 'expected an object {"password"}' });

export const newAccountBody = z.strictObject(
  {
    number: accountNumber,
    description: z.string({ error: 'expected a text' }).max(200, { error: 'expected at most 200 characters' }).default(''),
  },
  { error: 'expected an object' },
);

export const accountChangesBody = z.strictObject(
  { description: z.string({ error: 'expected a text' }).max(200, { error: 'expected at most 200 characters' }) },
  { error: 'expected an object {"description"}' },
);

export const riskLimitsBody = z.strictObject(
  {
    maxOrderQty: limit(1),
    maxPosition: limit(0),
    priceBandTicks: limit(1),
  },
  { error: 'expected an object {"maxOrderQty", "maxPosition", "priceBandTicks"}' },
);

export const exchangeChangesBody = z
  .strictObject(
    {
      sendRegulatoryId: z.union([z.literal(0), z.literal(1)], { error: 'expected 0 or 1' }).optional(),
      algoRange: z
        .int({ error: 'expected null (not set) or an integer from 0 to 255' })
        .min(0, { error: 'expected null (not set) or an integer from 0 to 255' })
        .max(255, { error: 'expected null (not set) or an integer from 0 to 255' })
        .nullable()
        .optional(),
    },
    { error: 'expected an object' },
  )
  .refine((changes) => Object.keys(changes).length > 0, { error: 'expected at least one change' });

export const marketBody = z.strictObject({ open: boolean }, { error: 'expected an object {"open": true or false}' });

function int(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

export const burstBody = z.strictObject(
  {
    rate: int(0, BURST_LIMITS.maxRate),
    levels: int(BURST_LIMITS.minLevels, BURST_LIMITS.maxLevels).default(500),
    seed: int(0, 0xffffffff).default(1),
  },
  { error: 'expected an object {"rate", "levels"?, "seed"?}' },
);

function queryInt(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export const auditQuery = z.strictObject({
  limit: queryInt(1, 1000).optional(),
  beforeId: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  entity: z.enum(auditEntities, { error: `expected one of ${auditEntities.join(', ')}` }).optional(),
  key: z.string().max(200, { error: 'expected at most 200 characters' }).optional(),
});
