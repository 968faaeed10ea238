import { mongo } from 'mongoose';
import { readFacts } from './facts-reader';

describe('readFacts', () => {
  it('reads the stored moments as milliseconds and the other fields as the driver would', () => {
    const createdAt = new Date('2030-03-10T15:00:00.123Z');
    const bytes = mongo.BSON.serialize({
      number: 7,
      customer: { id: 'c1', name: '王伟', type: null, email: null },
      teamId: null,
      artificialType: 'closed',
      offline: false,
      createdAt,
      firstAssignedAt: new Date(createdAt.getTime() + 40_000),
      closedAt: new Date('1969-12-31T23:59:59.000Z'), // before 1970: a negative int64
      lastAgentId: '6b13099df02a1c8bcab1b03c',
      rating: { score: 4, comment: null },
      waitSeconds: 40.5,
    });
    expect(readFacts(bytes)).toEqual({
      number: 7,
      customer: { id: 'c1', name: '王伟', type: null, email: null },
      teamId: null,
      artificialType: 'closed',
      offline: false,
      createdAt: createdAt.getTime(),
      firstAssignedAt: createdAt.getTime() + 40_000,
      closedAt: -1000,
      lastAgentId: '6b13099df02a1c8bcab1b03c',
      rating: { score: 4, comment: null },
      waitSeconds: 40.5,
    });
  });

  it('decodes a document holding a type it does not read with bson, whole', () => {
    const id = new mongo.ObjectId();
    const doc = { _id: id, createdAt: new Date(5), labels: ['vip'] };
    expect(readFacts(mongo.BSON.serialize(doc))).toEqual(doc);
  });
});
