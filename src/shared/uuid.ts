const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` is written as a UUID. Checked before a query, so that an id typed or linked
 * wrong is "not found" rather than an error from the database's uuid type.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
