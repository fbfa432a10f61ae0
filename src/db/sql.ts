// The one way to build SQL with values in it: the tag numbers the parameters itself, and fragments nest, so a
// condition such as a role's reach of cases is written once and dropped into any statement without `$n`
// arithmetic. `db.query(sql`…`)` runs it on either engine.
export { default as sql, join, raw, empty, Sql } from 'sql-template-tag';
