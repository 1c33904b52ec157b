/** Random: each candidate with a probability proportional to its weight. */
import type { Balancer } from './types.js';

export const random: Balancer<null> = {
  name: 'random',
  createMemory: () => null,
  pick(targets, _request, ctx) {
    let total = 0;
    for (const target of targets) total += target.weight;
    let point = ctx.random() * total;
    let chosen = targets[targets.length - 1]!;
    for (const target of targets) {
      point -= target.weight;
      if (point < 0) {
        chosen = target;
        break;
      }
    }
    return { target: chosen, reason: `random: ${chosen.id} (weight ${chosen.weight} of ${total})` };
  },
};
