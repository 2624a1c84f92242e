import type { Sweep } from '../jobs/index.ts';
import { deliverQueued } from './mail.service.ts';

/** Sends queued mail each sweep round, up to five batches (a backlog after downtime drains over rounds). */
export const mailSweep: Sweep = {
  name: 'mail',
  run: async (ctx) => {
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const sent = await deliverQueued(ctx);
      total += sent;
      if (sent === 0) break;
    }
    return total;
  },
};
