// Matching children's names across scripts, spellings, languages, diminutives, typing slips and word order.
export { nameKeys, KEYS_VERSION, type NameKeys } from './keys.ts';
export { prepareName, type PreparedName } from './prepared.ts';
export { rankNames, type RankedName } from './rank.ts';
export { nameMatcher, scoreNameMatch, type MatchReason, type NameMatch, type NameMatcher, type ReasonKind } from './score.ts';
