// The Zoho data centre of an `accounts-server` value: the table's region whose accounts URL it names.
// Runtime-free; the core asks through the remembered lookup, the tests compare it with the reference.
import { originOf, type ZohoDataCentre } from '../modules/datacentres.ts';

type Table = Readonly<Record<string, ZohoDataCentre>>;

/** The reference: parses the value and every region's accounts URL on each call. */
export function regionOfAccountsServerIn(table: Table, accountsServer: string): string | undefined {
  const wanted = originOf(accountsServer);
  return wanted === undefined ? undefined : Object.keys(table).find((key) => originOf(table[key]?.accounts ?? '') === wanted);
}

const memo = new WeakMap<Table, Map<string, string | undefined>>();

/**
 * `regionOfAccountsServerIn`, remembered per table (a discovered table is a new one) for the last 64 values:
 * the same few come with every Zoho exchange, and parsing every region's URL was a tenth of its CPU.
 */
export function regionOfAccountsServerCached(table: Table, accountsServer: string): string | undefined {
  let seen = memo.get(table);
  if (seen === undefined) {
    seen = new Map();
    memo.set(table, seen);
  }
  if (seen.has(accountsServer)) return seen.get(accountsServer);
  const region = regionOfAccountsServerIn(table, accountsServer);
  if (seen.size >= 64) seen.delete(seen.keys().next().value as string);
  seen.set(accountsServer, region);
  return region;
}
