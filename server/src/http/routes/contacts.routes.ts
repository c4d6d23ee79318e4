import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { routingFor } from '../../routing/routing.module.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { contactDto, contactList, idParams, listContactsQuery, ownerBody } from '@switchboard/client-sdk/contract';
import { getContact, listContacts, setContactOwner } from '../../modules/contacts/contacts.service.js';

/** Contacts (Contact menu), with the same visibility as conversations. */
export function contactsRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const routing = routingFor(ctx);
  const menu = [requireSession(ctx), requireMenu('contact')];
  return [
    route({
      method: 'get',
      path: '/contacts',
      tag: 'contacts',
      summary: 'List contacts the caller may see (q: name or phone, ownerId)',
      security: 'session',
      before: menu,
      query: listContactsQuery,
      response: contactList,
      handler: ({ req, query }) => listContacts(em(), authOf(req), query),
    }),
    route({
      method: 'get',
      path: '/contacts/:id',
      tag: 'contacts',
      summary: 'Read a contact',
      security: 'session',
      before: menu,
      params: idParams,
      response: contactDto,
      handler: ({ req, params }) => getContact(em(), authOf(req), params.id),
    }),
    route({
      method: 'put',
      path: '/contacts/:id/owner',
      tag: 'contacts',
      security: 'session',
      summary:
        "Set or clear the contact's owner (Admin, Inbox Manager; a Sale user may take an unowned contact of their conversation)",
      before: menu,
      params: idParams,
      body: ownerBody,
      response: contactDto,
      handler: async ({ req, params, body }) => {
        const r = await setContactOwner(em(), authOf(req), params.id, body.ownerId);
        await routing.queue
          .requestRouting(authOf(req).accountId, 'manual')
          .catch((err) => ctx.log.warn({ err }, 'routing request failed; the sweep will catch up'));
        return r;
      },
    }),
  ];
}
