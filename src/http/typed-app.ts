// The app as route modules see it: requests and answers typed by the TypeBox schemas that validate them.
// Types only: validation is still the compiler that src/server.ts installs, which makes one with
// app.withTypeProvider<TypeBoxTypeProvider>() and hands it to every domain's routes.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
