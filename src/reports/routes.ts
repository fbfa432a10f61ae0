// Placeholder: filled in by the public submissions work.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';

export function registerReportRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
