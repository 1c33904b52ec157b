/**
 * Power of two choices: two different candidates at random, the one with fewer requests in flight
 * (the first on a tie). Nearly as good as least-connections, without herding on the idlest target.
 */
import type { Balancer } from './types.js';

export const powerOfTwoChoices: Balancer<null> = {
  name: 'power-of-two-choices',
  createMemory: () => null,
  pick(targets, _request, ctx) {
    if (targets.length === 1)
      return { target: targets[0]!, reason: `p2c: ${targets[0]!.id} is the only candidate` };
    const first = Math.floor(ctx.random() * targets.length) % targets.length;
    let second = Math.floor(ctx.random() * (targets.length - 1)) % (targets.length - 1);
    if (second >= first) second++;
    const a = targets[first]!;
    const b = targets[second]!;
    const [winner, loser] = b.inFlight < a.inFlight ? [b, a] : [a, b];
    return {
      target: winner,
      reason: `p2c: ${winner.id} ${winner.inFlight} in flight vs ${loser.id} ${loser.inFlight}`,
    };
  },
};
