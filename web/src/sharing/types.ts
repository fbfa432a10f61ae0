// What the sharing API answers, typed by its own schemas, and the fields, purposes and templates a share offers,
// imported from where the server keeps them.
export type { SharedCaseList, CaseView } from '../../../src/cases/schemas.ts';
export type { ContributionList, ContributionView, RegisterAnswer, SharedCaseAnswer } from '../../../src/sharing/schemas.ts';
export {
  CONTRIBUTION_CATEGORIES,
  SHARE_FIELDS,
  SHARE_PURPOSES,
  SHARE_TEMPLATES,
  type ShareField,
  type SharePurpose,
} from '../../../src/cases/share-fields.ts';
export { LOG_CATEGORIES } from '../../../src/audit/log-categories.ts';
