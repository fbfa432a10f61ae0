// The enrolment API: an organisation's own recipients (bulk CSV import), webhooks and screens, for its
// partner administrators and administrators; and the public, secret-URL pages the screens display.
// Every query is limited to the actor's organisation, so another organisation's rows answer 404.
// The routes of each are in recipient-routes.ts, webhook-routes.ts and screen-routes.ts.
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { listJurisdictionNames } from '../geo/jurisdictions-store.ts';
import { registerRecipientRoutes } from './recipient-routes.ts';
import { enrolmentContext, PERMISSION, tags, type EnrolmentContext } from './route-context.ts';
import { createScreenHub } from './screen-live.ts';
import { registerScreenRoutes } from './screen-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';

export function registerEnrolmentRoutes(app: TypedApp, deps: AppDeps): void {
  const context = enrolmentContext(deps);
  const hub = createScreenHub({ db: deps.db, clock: deps.clock, onError: (error) => app.log.warn({ err: error }, 'screen events failed') });
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });

  void app.register((scope, _options, done) => {
    registerRecipientRoutes(scope, context);
    registerAreaList(scope, context);
    registerWebhookRoutes(scope, context);
    registerScreenRoutes(scope, context, hub);
    done();
  });
}

/** The areas a CSV row, a webhook or a screen may name. */
function registerAreaList(scope: TypedApp, { db }: EnrolmentContext) {
  scope.get(
    '/api/v1/enrolment/areas',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: 'The jurisdictions a webhook, a screen or a CSV row may name as its area (codes and names, no shapes)',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })) }),
        },
      },
    },
    async () => ({ items: await listJurisdictionNames(db) }),
  );
}
