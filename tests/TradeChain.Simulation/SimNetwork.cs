using TradeChain.Consensus;

namespace TradeChain.Simulation;

/// <summary>
/// The simulated network: each message gets a delay from the plan's model (so messages
/// reorder), and until the heal time may be dropped, duplicated or blocked by a partition.
/// Messages to a node that is down are lost.
/// </summary>
internal sealed class SimNetwork(Simulation sim, SimRandom random)
{
    public void Send(SimNode from, SimNode to, ConsensusMessage message)
    {
        var plan = sim.Plan;
        var nowMs = sim.NowMs;
        sim.Stats.MessagesSent++;
        var beforeHeal = nowMs < plan.HealAtMs;
        if (beforeHeal)
        {
            foreach (var partition in plan.Partitions)
            {
                if (partition.Blocks(from.Id, to.Id, nowMs))
                {
                    sim.Stats.MessagesDropped++;
                    return;
                }
            }
            if (random.Chance(plan.DropProbability))
            {
                sim.Stats.MessagesDropped++;
                return;
            }
        }
        var copies = beforeHeal && random.Chance(plan.DuplicateProbability) ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            var deliverAtMs = nowMs + plan.Delay.NextDelayMs(random);
            sim.Schedule(deliverAtMs, () => Deliver(from, to, message));
        }
    }

    private void Deliver(SimNode from, SimNode to, ConsensusMessage message)
    {
        if (!to.IsUp)
        {
            sim.Stats.MessagesDropped++;
            return;
        }
        sim.Stats.MessagesDelivered++;
        sim.TraceLine($"{from.Name} -> {to.Name} {message}");
        to.Byzantine?.Observe(message);
        to.Receive(new MessageReceived(message, from.Name, to.LocalNowMs));
    }
}
