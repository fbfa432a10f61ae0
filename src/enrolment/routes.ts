// Organisations' recipients, webhooks and screens: placeholder, filled in by the enrolment work.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';

export function registerEnrolmentRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
