import { describe, expect, it } from 'vitest';
import { type RelationshipFacts, suggestStage } from './rules.ts';

const quiet: RelationshipFacts = {
  stage: null,
  lifecycleStage: null,
  stayInTouchDays: null,
  daysSinceInteraction: null,
  daysSinceInbound: null,
  inbound90: 0,
  outbound90: 0,
  interactions365: 0,
  purchases365: 0,
};
const f = (over: Partial<RelationshipFacts>): RelationshipFacts => ({ ...quiet, ...over });

describe('relationship stage rules', () => {
  it('suggests nothing for a contact nobody has spoken to', () => {
    expect(suggestStage(quiet)).toBeNull();
  });

  it('walks a relationship from first contact through two-way talk and purchases to commitment', () => {
    expect(suggestStage(f({ daysSinceInteraction: 3 }))?.rule).toBe('first_contact');
    expect(suggestStage(f({ daysSinceInteraction: 3 }))?.stage).toBe('awareness');
    const talking = f({ stage: 'awareness', daysSinceInteraction: 2, inbound90: 1, outbound90: 2 });
    expect(suggestStage(talking)).toMatchObject({ stage: 'exploration', rule: 'two_way' });
    const buying = f({ stage: 'exploration', daysSinceInteraction: 2, purchases365: 2 });
    expect(suggestStage(buying)).toMatchObject({ stage: 'expansion', rule: 'growing' });
    const loyal = f({
      stage: 'expansion',
      lifecycleStage: 'repeat',
      daysSinceInteraction: 5,
      interactions365: 6,
    });
    expect(suggestStage(loyal)).toMatchObject({ stage: 'commitment', rule: 'committed' });
    expect(suggestStage({ ...loyal, interactions365: 5 })).toBeNull();
  });

  it('warns of dissolution after 90 silent days in commitment, or twice the stay-in-touch cadence', () => {
    const committed = f({ stage: 'commitment', daysSinceInteraction: 89 });
    expect(suggestStage(committed)).toBeNull();
    expect(suggestStage({ ...committed, daysSinceInteraction: 90 })).toMatchObject({
      stage: 'dissolution',
      rule: 'dissolution_risk',
      facts: { daysSinceInteraction: 90, silenceLimit: 90 },
    });
    // A key account on a 30-day cadence is at risk after 60 days.
    expect(suggestStage({ ...committed, stayInTouchDays: 30, daysSinceInteraction: 60 })?.rule).toBe(
      'dissolution_risk',
    );
    expect(suggestStage({ ...committed, stayInTouchDays: 30, daysSinceInteraction: 59 })).toBeNull();
    // Never spoken to at all while committed: at risk too.
    expect(suggestStage(f({ stage: 'expansion' }))?.rule).toBe('dissolution_risk');
  });

  it('suggests exploration again when a dissolving customer writes in, and dissolution for the churned', () => {
    const leaving = f({ stage: 'dissolution', daysSinceInteraction: 200, daysSinceInbound: 200 });
    expect(suggestStage(leaving)).toBeNull();
    expect(suggestStage({ ...leaving, daysSinceInteraction: 4, daysSinceInbound: 4 })).toMatchObject({
      stage: 'exploration',
      rule: 're_engaged',
    });
    expect(
      suggestStage(f({ stage: 'commitment', lifecycleStage: 'churned', daysSinceInteraction: 1 })),
    ).toMatchObject({ stage: 'dissolution', rule: 'churned' });
    expect(suggestStage(f({ stage: 'dissolution', lifecycleStage: 'churned' }))).toBeNull();
  });
});
