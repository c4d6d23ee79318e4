import { loadBoardDto } from '@switchboard/client-sdk/contract';
import type { AppContext } from '../../infra/context.js';
import { readLoadBoard } from '../../modules/load-board/load-board.service.js';
import { routingFor } from '../../routing/routing.module.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';

/** The live load board's first paint; the socket keeps it current (docs/model.md, roles). */
export function loadBoardRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/load-board',
      tag: 'load-board',
      summary: "Every active agent's presence and load, the Unassigned queue per team and number, recent assignments",
      security: 'session',
      before: [requireSession(ctx), requireMenu('load_board')],
      response: loadBoardDto,
      handler: ({ req }) => readLoadBoard(ctx.orm.em, routingFor(ctx).presence, authOf(req)),
    }),
  ];
}
