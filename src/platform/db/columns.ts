import { integer, text } from 'drizzle-orm/sqlite-core';

/** Shared column builders so every table spells ids, instants and tenancy the same way. */
export const id = () => text('id').primaryKey().$defaultFn(() => crypto.randomUUID());
export const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date());
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
/** Every school-scoped row carries its school, even inside the school's own database. */
export const schoolId = () => text('school_id').notNull();
export const flag = (name: string) => integer(name, { mode: 'boolean' });
