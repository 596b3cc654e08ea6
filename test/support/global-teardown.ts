/** Stops the throwaway PostgreSQL cluster of global-setup.ts, if it started one. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.fieldbookPostgres?.stop();
}
