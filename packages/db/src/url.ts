// Connection-string helpers shared by the migrator, the pool factory and the CLI adapter.
export function withDatabase(databaseUrl: string, database: string): string {
  const u = new URL(databaseUrl);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
