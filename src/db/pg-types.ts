/**
 * How PostgreSQL values come back, the same on every runtime: timestamps as Date (pg's
 * default) and int8 as number — counts and ids here never exceed 2^53.
 */
export function configurePgTypes(pg: { types: { setTypeParser(oid: number, parse: (v: string) => unknown): void } }): void {
  pg.types.setTypeParser(20, (v) => Number(v));
}
