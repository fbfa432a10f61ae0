// The fixed values of a case's fields. Plain constants (no schema library), so the staff console offers
// exactly these without pulling in the server's validation code.
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const OUTCOMES = ['found_safe', 'found_harmed', 'found_dead', 'returned_of_own_accord', 'located_elsewhere', 'other'] as const;
