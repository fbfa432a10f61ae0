// Sharing with need-to-know over HTTP: the cases shared with one's organisation (only their shared fields, until
// the share ends), adding what one knows, the police's reading of those additions, and the disclosure register.
// Making and ending a share are case routes (src/cases/routes.ts).
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { reasonGiven } from '../cases/disclosure.ts';
import { CaseParams, SharedCaseList } from '../cases/schemas.ts';
import { ProfileParams } from '../philomena/schemas.ts';
import { sharedCasesOf } from '../cases/shared-view.ts';
import type { TypedApp } from '../http/typed-app.ts';
import {
  addContribution,
  contributionsForPolice,
  contributionsForProfileReaders,
  ownProfileContributions,
  sharedCaseFor,
} from './actions.ts';
import { disclosureRegister, registerCsv } from './register.ts';
import { ContributionList, ContributionRequest, ContributionView, RegisterAnswer, RegisterQuery, SharedCaseAnswer } from './schemas.ts';

export function registerSharingRoutes(app: TypedApp, deps: AppDeps): void {
  registerRecipientRoutes(app, deps);
  registerProfileContributionRoutes(app, deps);
  registerRegisterRoutes(app, deps);
}

function registerRecipientRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.get(
    '/api/v1/shared-cases',
    {
      config: { access: 'share:read' },
      schema: {
        tags: ['sharing'],
        summary: 'Cases shared with your organisation now (shares not ended or stopped)',
        response: { 200: SharedCaseList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => sharedCasesOf(tx, actor, clock()));
    },
  );

  app.get(
    '/api/v1/shared-cases/:caseId',
    {
      config: { access: 'share:read' },
      schema: {
        tags: ['sharing'],
        summary:
          'A case shared with your organisation: only the fields the share names, until it ends (sensitive cases need X-Access-Reason)',
        params: CaseParams,
        response: { 200: SharedCaseAnswer },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => sharedCaseFor(tx, actor, request.params.caseId, reasonGiven(request), clock()));
    },
  );

  app.post(
    '/api/v1/shared-cases/:caseId/contributions',
    {
      config: { access: 'share:contribute' },
      schema: {
        tags: ['sharing'],
        summary: 'Add what your organisation knows to a case shared with it; the police see it with its source',
        params: CaseParams,
        body: ContributionRequest,
        response: { 201: ContributionView },
      },
    },
    async (request, reply) => {
      const added = await addContribution(deps, actorOf(request), { caseId: request.params.caseId }, request.body);
      return reply.status(201).send(added);
    },
  );

  app.get(
    '/api/v1/cases/:caseId/contributions',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['sharing'],
        summary: 'What agencies the case was shared with added, with their source',
        params: CaseParams,
        response: { 200: ContributionList },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return db.transaction((tx) => contributionsForPolice(tx, actor, request.params.caseId, clock()));
    },
  );
}

function registerProfileContributionRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.post(
    '/api/v1/shared-profiles/:profileId/contributions',
    {
      config: { access: 'share:contribute' },
      schema: {
        tags: ['sharing'],
        summary: 'Add what your organisation knows to a Philomena profile shared with it; its writer and the police see it with its source',
        params: ProfileParams,
        body: ContributionRequest,
        response: { 201: ContributionView },
      },
    },
    async (request, reply) => {
      const added = await addContribution(deps, actorOf(request), { profileId: request.params.profileId }, request.body);
      return reply.status(201).send(added);
    },
  );

  app.get(
    '/api/v1/shared-profiles/:profileId/contributions',
    {
      config: { access: 'share:read' },
      schema: {
        tags: ['sharing'],
        summary: 'What your organisation added to a Philomena profile shared with it',
        params: ProfileParams,
        response: { 200: ContributionList },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return ownProfileContributions(db, actorOf(request), request.params.profileId, clock());
    },
  );

  app.get(
    '/api/v1/philomena-profiles/:profileId/contributions',
    {
      config: { access: 'philomena:read' },
      schema: {
        tags: ['philomena'],
        summary: 'What the agencies a profile was shared with added, with their source',
        params: ProfileParams,
        response: { 200: ContributionList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => contributionsForProfileReaders(tx, actor, request.params.profileId, clock()));
    },
  );
}

function registerRegisterRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  const schema = {
    tags: ['sharing'],
    description:
      'Entries of the audit trail about the cases you reach, in the categories of log the Data Protection Act 2018 (s. 62) asks of the police: collection, alteration, consultation, disclosure, combination, erasure. Views by the case owner itself are left out unless ownViews is true. Audited.',
    querystring: RegisterQuery,
  };
  app.get(
    '/api/v1/disclosure-register',
    {
      config: { access: 'disclosure:read' },
      schema: { ...schema, summary: 'The disclosure register, per child and per agency', response: { 200: RegisterAnswer } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => disclosureRegister(tx, actor, request.query, clock()));
    },
  );
  app.get(
    '/api/v1/disclosure-register.csv',
    {
      config: { access: 'disclosure:read' },
      schema: { ...schema, summary: 'The disclosure register as CSV (UTF-8)', produces: ['text/csv'], response: { 200: Type.String() } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const answer = await db.transaction((tx) => disclosureRegister(tx, actor, request.query, clock()));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="disclosure-register.csv"')
        .header('Cache-Control', 'no-store')
        .send(registerCsv(answer));
    },
  );
}
