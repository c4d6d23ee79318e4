import type { Feature } from '../../lib/feature.js';
import { LoadBoardPage } from './LoadBoardPage.js';
import { WhyPage } from './WhyPage.js';

export const feature: Feature = {
  id: 'load-board',
  routes: [
    { path: '/load-board', component: LoadBoardPage, menu: 'load_board' },
    { path: '/load-board/conversations/:id/why', component: WhyPage, menu: 'load_board' },
  ],
  nav: [{ menu: 'load_board', label: 'Load board', to: '/load-board', order: 65 }],
};
