import { Types } from 'mongoose';
import type { TeamRecord } from '../teams/schemas/team.schema';
import type { OnlineAgent } from '../users/users.repository';
import { pickAgent } from './auto-assigner.service';
import { RoutingSnapshot } from './queue-routing.service';

const id = () => new Types.ObjectId();
const [ana, bo, cy] = [id(), id(), id()];
const agent = (
  oid: Types.ObjectId,
  servingCount = 0,
  maxConcurrent = 5,
  lastAssignedAt: Date | null = null,
): OnlineAgent => ({
  _id: oid,
  name: oid.toHexString(),
  servingCount,
  maxConcurrent,
  lastAssignedAt,
});
const team = (name: string, members: Types.ObjectId[]): TeamRecord =>
  ({
    _id: id(),
    name,
    key: name,
    agentIds: members.map((m) => m.toHexString()),
    createdAt: new Date(),
  }) as TeamRecord;

describe('RoutingSnapshot', () => {
  const billing = team('billing', [ana, bo]);
  const empty = team('empty', []);
  const viewer = (oid: Types.ObjectId) => ({ id: oid.toHexString(), role: 'agent' as const });

  it("shows a covered team's conversations to its agents only, everything to supervisors", () => {
    const routing = new RoutingSnapshot([billing, empty], [agent(ana), agent(cy)]);
    const billingId = billing._id.toHexString();
    expect(routing.covered(billingId)).toBe(true);
    expect(routing.visibleTo(viewer(ana), billingId)).toBe(true);
    expect(routing.visibleTo(viewer(cy), billingId)).toBe(false);
    expect(routing.visibleTo(viewer(cy), null)).toBe(true);
    expect(routing.visibleTo({ id: 'sup', role: 'supervisor' }, billingId)).toBe(true);
    expect(routing.scopeFor(viewer(cy))).toEqual({ teamIds: [empty._id.toHexString()] });
    expect(routing.scopeFor({ id: 'sup', role: 'supervisor' })).toBeNull();
    expect(routing.audienceOf(billingId)).toEqual([ana.toHexString(), bo.toHexString()]);
    expect(routing.poolFor(billingId).map((a) => a._id)).toEqual([ana]);
  });

  it('offers a team with nobody online (or no agents, or deleted) to everyone', () => {
    const routing = new RoutingSnapshot([billing, empty], [agent(cy)]);
    for (const teamId of [billing._id.toHexString(), empty._id.toHexString(), id().toHexString()]) {
      expect(routing.covered(teamId)).toBe(false);
      expect(routing.visibleTo(viewer(cy), teamId)).toBe(true);
      expect(routing.audienceOf(teamId)).toBeNull();
      expect(routing.poolFor(teamId).map((a) => a._id)).toEqual([cy]);
    }
  });
});

describe('pickAgent', () => {
  const load = (a: OnlineAgent) => ({
    agent: a,
    id: a._id.toHexString(),
    load: a.servingCount,
    lastAssignedAt: a.lastAssignedAt ? +a.lastAssignedAt : 0,
  });

  it('takes the fewest live conversations among those with room', () => {
    expect(pickAgent([load(agent(ana, 2)), load(agent(bo, 1)), load(agent(cy, 0, 0))])?.agent._id).toBe(bo);
    expect(pickAgent([load(agent(ana, 3, 3)), load(agent(bo, 1, 1))])).toBeNull();
  });

  it('on a tie takes the longest idle since their last assignment (never assigned first), then the smaller id', () => {
    const earlier = new Date('2026-12-04T01:00:00Z');
    const later = new Date('2026-12-04T02:00:00Z');
    expect(pickAgent([load(agent(ana, 1, 5, later)), load(agent(bo, 1, 5, earlier))])?.agent._id).toBe(bo);
    expect(pickAgent([load(agent(ana, 1, 5, earlier)), load(agent(bo, 1, 5, null))])?.agent._id).toBe(bo);
    const [first, second] = [ana, bo].sort((x, y) => (x.toHexString() < y.toHexString() ? -1 : 1));
    expect(pickAgent([load(agent(second)), load(agent(first))])?.agent._id).toBe(first);
  });
});
