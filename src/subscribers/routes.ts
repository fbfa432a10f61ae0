// Public sign-up for alerts: placeholder, filled in by the subscribers work.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';

export function registerSubscriberRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
