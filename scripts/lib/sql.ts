/**
 * Literal SQL for statements run through `wrangler d1 execute`, which takes no bound
 * parameters. Only these helpers may put a value into such a statement.
 */
export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into SQL`);
    return String(value);
  }
  // SQLite strings: a single quote is doubled; NUL cannot appear in a TEXT literal.
  if (value.includes('\u0000')) throw new Error('text values cannot contain NUL characters');
  return `'${value.replace(/'/g, "''")}'`;
}

export function insertSql(
  table: string,
  row: Record<string, string | number | boolean | null>,
  conflict: { target: string; action: 'nothing' } | null,
): string {
  const columns = Object.keys(row);
  const values = columns.map((column) => sqlLiteral(row[column]!));
  const onConflict = conflict ? ` ON CONFLICT(${conflict.target}) DO NOTHING` : '';
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})${onConflict};`;
}
