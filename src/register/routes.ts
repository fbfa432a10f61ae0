// The national register for police forces and the national centre: a child searched for by name across every
// force, script and spelling. The search, its rules and its audit are in search.ts.
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { reasonGiven } from '../cases/disclosure.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { RegisterSearchAnswer, RegisterSearchQuery } from './schemas.ts';
import { searchRegister } from './search.ts';

export function registerRegisterRoutes(app: TypedApp, { db, clock }: AppDeps): void {
  app.get(
    '/api/v1/register/children',
    {
      config: { access: 'register:search' },
      schema: {
        tags: ['register'],
        summary: 'Search the national register of missing children by name, across forces, scripts and spellings',
        description:
          'Results are ranked, each with why its name matched. A case marked sensitive takes part only when the request says why (X-Access-Reason header). The case and its photo are linked only where you already reach the case; otherwise contact the owning force.',
        querystring: RegisterSearchQuery,
        response: { 200: RegisterSearchAnswer },
      },
    },
    async (request) => ({ items: await searchRegister(db, actorOf(request), request.query, reasonGiven(request), clock()) }),
  );
}
