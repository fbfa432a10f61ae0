// What the return interviews API answers, typed by its own schemas (src/interviews/schemas.ts), and the codes
// the interview form offers, imported from where the server keeps them.
export type {
  CaseInterviews,
  FullInterviewView,
  InterviewList as InterviewListAnswer,
  InterviewUpdate,
  InterviewView,
  PoliceInterviewView,
} from '../../../src/interviews/schemas.ts';
export { EXPLOITATION_SIGNS, INTERVIEW_STATUSES, PULL_FACTORS, PUSH_FACTORS, REFERRALS } from '../../../src/interviews/vocabulary.ts';
