// How a profile counts by each dimension: an SQL expression over profile_episodes (alias e) giving a short
// code, and the codes it can take in their order, so that a value with no episode still shows as 0.
import { sql, type Sql } from '../db/sql.ts';
import {
  AGE_BANDS,
  DURATION_BANDS,
  INTERVIEW_CODES,
  OUTCOME_CODES,
  RISK_CODES,
  SEX_CODES,
  YES_NO_UNKNOWN,
  type Dimension,
} from './codes.ts';

const yesNoUnknown = (column: Sql) => sql`CASE WHEN ${column} THEN 'yes' WHEN NOT ${column} THEN 'no' ELSE 'unknown' END`;

export const AGE_BAND_SQL = sql`CASE WHEN e.age IS NULL THEN 'unknown' WHEN e.age <= 5 THEN '0-5' WHEN e.age <= 11 THEN '6-11'
  WHEN e.age <= 14 THEN '12-14' ELSE '15-17' END`;

const DURATION_SQL = sql`CASE WHEN e.missing_minutes IS NULL THEN 'not_found_yet' WHEN e.missing_minutes < 360 THEN 'under_6_hours'
  WHEN e.missing_minutes < 1440 THEN '6_to_24_hours' WHEN e.missing_minutes < 2880 THEN '1_to_2_days'
  WHEN e.missing_minutes < 10080 THEN '2_to_7_days' ELSE 'over_7_days' END`;

/** An interview is overdue once its due time has passed at the moment the profile is read. */
const interviewSql = (readAt: Date) => sql`CASE e.interview_state WHEN 'done' THEN 'done' WHEN 'declined' THEN 'declined'
  WHEN 'open' THEN CASE WHEN e.interview_due_at < ${readAt} THEN 'overdue' ELSE 'in_time' END ELSE 'not_asked' END`;

/**
 * The SQL giving each episode's code in the dimension, as read at `readAt` (force and local authority: the
 * area's or organisation's id, named afterwards).
 */
export function dimensionSql(dimension: Dimension, readAt: Date): Sql {
  switch (dimension) {
    case 'force':
      return sql`e.jurisdiction_id::text`;
    case 'local_authority':
      return sql`coalesce(e.local_authority_id::text, 'none')`;
    case 'return_interview':
      return interviewSql(readAt);
    case 'age_band':
      return AGE_BAND_SQL;
    case 'sex':
      return sql`e.sex`;
    case 'in_care':
      return yesNoUnknown(sql`e.in_care`);
    case 'exploitation':
      return yesNoUnknown(sql`e.exploitation`);
    case 'risk':
      return sql`coalesce(e.risk_level, 'not_graded')`;
    case 'hour':
      return sql`e.hour::text`;
    case 'weekday':
      return sql`e.weekday::text`;
    case 'month':
      return sql`to_char(e.month, 'YYYY-MM')`;
    case 'duration':
      return DURATION_SQL;
    case 'outcome':
      return sql`coalesce(e.outcome, 'not_found_yet')`;
    case 'repeat':
      return sql`CASE WHEN e.repeat THEN 'yes' ELSE 'no' END`;
    case 'cell':
      return sql`e.cell`;
  }
}

/** The codes a dimension takes, in order; undefined where they depend on the data (forces, authorities, months, cells). */
export function fixedCodes(dimension: Dimension): readonly string[] | undefined {
  switch (dimension) {
    case 'age_band':
      return AGE_BANDS;
    case 'sex':
      return SEX_CODES;
    case 'in_care':
    case 'exploitation':
      return YES_NO_UNKNOWN;
    case 'risk':
      return RISK_CODES;
    case 'hour':
      return Array.from({ length: 24 }, (_, hour) => String(hour));
    case 'weekday':
      return ['1', '2', '3', '4', '5', '6', '7'];
    case 'duration':
      return DURATION_BANDS;
    case 'outcome':
      return OUTCOME_CODES;
    case 'repeat':
      return ['yes', 'no'];
    case 'return_interview':
      return INTERVIEW_CODES;
    default:
      return undefined;
  }
}

/** Every month from `from` to `to` inclusive, as 'YYYY-MM'. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The month `months` before or after a 'YYYY-MM' month. */
export function shiftMonth(value: string, months: number): string {
  const [year, month] = value.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
