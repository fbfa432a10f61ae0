// How urgent a submission is, 0..100, so a queue can be worked from the top.
//
// Sightings (at most 40 + 25 + 20 + 15 = 100):
//   linked alert     40 if the appeal is active, 10 if it has ended (still evidence, less urgent)
//   recency          25 × (1 − hours since seen / 24), 0 after a day
//   nearness         20 × (1 − km from the last-seen point / 200), 0 beyond 200 km or with no point
//   plausibility     +15 when the travel speed from the last-seen point and time is at most 150 km/h,
//                    −20 when it is more (the child could not have got there), 0 when it cannot be judged
// Reports (at most 45 + 25 + 10 + 20 = 100):
//   category         trafficking and a child at risk 45, online grooming 35, information on a missing child 30, other 15
//   recency          25 × (1 − hours since the event / 24)
//   place given      10 (something a force can act on)
//   linked alert     20 if it names an active appeal
// The result is clamped to 0..100 and rounded to one decimal.
import { distanceKm } from './distance.ts';

export const HIGH_PRIORITY = 70;
export const PLAUSIBLE_SPEED_KMH = 150;

export const CATEGORY_WEIGHTS: Record<string, number> = {
  suspected_trafficking: 45,
  child_at_risk: 45,
  online_grooming: 35,
  missing_child_information: 30,
  other: 15,
};

interface Point {
  lon: number;
  lat: number;
}

export interface PriorityInput {
  kind: 'sighting' | 'report';
  category: string | null;
  seenAt: Date;
  point: Point | null;
  alert: { active: boolean; lastSeenAt: Date; lastSeen: Point } | null;
  now: Date;
}

const HOUR_MS = 3_600_000;

function recency(seenAt: Date, now: Date, weight: number): number {
  const hours = Math.max(0, (now.getTime() - seenAt.getTime()) / HOUR_MS);
  return weight * Math.max(0, 1 - hours / 24);
}

/** Speed needed to get from the last-seen point to the sighting, or undefined when it cannot be judged. */
export function travelSpeedKmh(from: Point, fromAt: Date, to: Point, toAt: Date): number | undefined {
  const hours = (toAt.getTime() - fromAt.getTime()) / HOUR_MS;
  const km = distanceKm(from, to);
  // Seen before the child went missing, or at the same moment: only "here" is plausible.
  if (hours <= 0) return km < 1 ? 0 : undefined;
  return km / hours;
}

export function submissionPriority(input: PriorityInput): number {
  let score = 0;
  if (input.kind === 'sighting') {
    if (input.alert) score += input.alert.active ? 40 : 10;
    score += recency(input.seenAt, input.now, 25);
    if (input.alert && input.point) {
      score += 20 * Math.max(0, 1 - distanceKm(input.alert.lastSeen, input.point) / 200);
      const speed = travelSpeedKmh(input.alert.lastSeen, input.alert.lastSeenAt, input.point, input.seenAt);
      if (speed !== undefined) score += speed <= PLAUSIBLE_SPEED_KMH ? 15 : -20;
    }
  } else {
    score += CATEGORY_WEIGHTS[input.category ?? 'other'] ?? CATEGORY_WEIGHTS.other!;
    score += recency(input.seenAt, input.now, 25);
    if (input.point) score += 10;
    if (input.alert?.active) score += 20;
  }
  return Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
}
