export { chooseOwner } from './assignment.service.ts';
export { leadsPublicRoutes } from './leads.public.routes.ts';
export { leadsRoutes } from './leads.routes.ts';
export { consents, leadProfiles } from './leads.schema.ts';
export { getLead } from './leads.service.ts';
export { leadScoringSweep } from './leads.sweep.ts';
export { scoreContacts } from './scoring.service.ts';
