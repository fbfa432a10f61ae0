// What the national register's search answers, typed by its own schemas (src/register/schemas.ts).
export type { RegisterResult, RegisterSearchAnswer, RegisterSearchQuery } from '../../../src/register/schemas.ts';
export { SEXES } from '../../../src/cases/vocabulary.ts';
