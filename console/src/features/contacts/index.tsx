import type { Feature } from '../../lib/feature.js';
import { ContactsPage } from './ContactsPage.js';

export const feature: Feature = {
  id: 'contacts',
  routes: [{ path: '/contacts', component: ContactsPage, menu: 'contact' }],
  nav: [{ menu: 'contact', label: 'Contacts', to: '/contacts', order: 20 }],
};
