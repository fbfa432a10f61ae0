// What the cases API answers (src/cases/schemas.ts), as the console reads it.

export const RISK_LEVELS = ['no_apparent', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const OUTCOMES = ['found_safe', 'found_harmed', 'found_dead', 'returned_of_own_accord', 'located_elsewhere', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/**
 * The standard risk questions (src/cases/risk.ts), in the order forces ask them; their wording is in the
 * locale files. A test checks this list against the server's.
 */
export const RISK_QUESTION_IDS = [
  'reporter_concerned',
  'out_of_character',
  'missing_before',
  'in_care',
  'medical_needs',
  'mental_health',
  'exploitation',
  'trafficking',
  'abduction',
  'domestic_abuse',
  'substance_misuse',
  'online_contact',
  'vulnerable_age',
  'weather_environment',
  'bullying',
] as const;

export interface CaseSummary {
  id: string;
  reference: string;
  status: string;
  childName: string;
  age: number | null;
  sex: string;
  riskLevel: RiskLevel | null;
  owningOrganisationCode: string;
  reportedAt: string;
  lastSeenAt: string;
  lastSeenPlace: string;
  sensitive: boolean;
  repeatEpisodes: number;
}

export interface CaseListPage {
  items: CaseSummary[];
  nextCursor: string | null;
}

export interface Child {
  id: string;
  givenNames: string;
  familyName: string;
  knownAs: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  sex: string;
  heightCm: number | null;
  build: string | null;
  hairColour: string | null;
  eyeColour: string | null;
  distinguishingMarks: string | null;
  languages: string[];
}

export interface LastSeen {
  at: string;
  lon: number;
  lat: number;
  place: string;
}

export interface Photo {
  id: string;
  caption: string;
  width: number;
  height: number;
  createdAt: string;
  urls: { thumb: string; page: string; full: string };
}

export interface RiskAnswer {
  question: string;
  questionText: string;
  answer: string;
  detail: string;
  source: string;
  answeredAt: string;
  recordedBy: string;
}

export interface RiskGrading {
  level: RiskLevel;
  suggestedLevel: RiskLevel;
  rationale: string;
  gradedBy: string;
  gradedAt: string;
}

export interface CaseView {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  owningOrganisation: { code: string; name: string };
  jurisdiction: { code: string; name: string };
  reportedAt: string;
  lastSeen: LastSeen;
  circumstances: string;
  clothing: string;
  vehicle: string;
  suspect: string;
  sensitive: boolean;
  outcome: Outcome | null;
  outcomeNotes: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  child: Child;
  risk: { level: RiskLevel | null; suggestedLevel: RiskLevel; answers: RiskAnswer[]; gradings: RiskGrading[] };
  photos: Photo[];
  episodes: { total: number; items: { id: string; reference: string; reportedAt: string; status: string; outcome: string | null }[] };
  shares: { organisationCode: string; organisationName: string; reason: string; sharedAt: string }[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface Organisation {
  id: string;
  code: string;
  name: string;
  kind: string;
}
