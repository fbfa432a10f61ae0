// What a `before` hook starts is declared `let world: World;` so that each test may use it as it is; but a hook
// that failed part-way leaves the later ones unassigned, and the `after` hook must still end the rest.

/** The value a `before` hook assigned, or undefined if the hook failed before assigning it. */
export function ifStarted<T>(value: T): T | undefined {
  return value;
}
