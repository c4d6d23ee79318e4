import { ENROLL_2FA_PATH, SIGN_IN_PATH, type Feature } from '../../lib/feature.js';
import { ActivatePage } from './ActivatePage.js';
import { EnrollPage } from './EnrollPage.js';
import { SignInPage } from './SignInPage.js';

export const feature: Feature = {
  id: 'auth',
  routes: [
    { path: SIGN_IN_PATH, component: SignInPage, public: true },
    { path: '/activate', component: ActivatePage, public: true },
    { path: ENROLL_2FA_PATH, component: EnrollPage, bare: true },
  ],
};
