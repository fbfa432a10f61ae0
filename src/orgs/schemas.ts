// What the organisations API answers, one schema per payload: validated and published by src/orgs/routes.ts,
// and read by the staff console through the types below (type-only, so nothing of this is bundled).
import { Type, type Static } from '@sinclair/typebox';

export const Organisation = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  jurisdictionCodes: Type.Array(Type.String()),
});
export type Organisation = Static<typeof Organisation>;

export const Jurisdiction = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Any()) }),
});
export type Jurisdiction = Static<typeof Jurisdiction>;
