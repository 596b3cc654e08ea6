import type { Handler } from './handler.js';

/** Every publication per responsibility, newest revision first; the newest is the one devices get (`active`). */
export const handleListPackages: Handler<'ListPackages'> = async (_ctx, { db }) => {
  const rows = await db
    .selectFrom('packages')
    .select(['responsibility_id', 'revision', 'package_id', 'version', 'published_at', 'published_by'])
    .orderBy('responsibility_id')
    .orderBy('revision', 'desc')
    .execute();
  const seen = new Set<string>();
  return {
    packages: rows.map((r) => {
      const active = !seen.has(r.responsibility_id);
      seen.add(r.responsibility_id);
      return {
        responsibilityId: r.responsibility_id,
        revision: Number(r.revision),
        packageId: r.package_id,
        version: r.version,
        publishedAt: new Date(Number(r.published_at)).toISOString(),
        publishedBy: r.published_by,
        active,
      };
    }),
  };
};
