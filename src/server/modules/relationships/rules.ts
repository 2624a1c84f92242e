import type { LifecycleStage, RelationshipStage } from '../../../shared/crm.ts';
import { SILENCE_RISK_DAYS, type StageRule, type StageSuggestion } from '../../../shared/relationships.ts';

/** What the stage rules look at: the record's stages and its interactions' recent activity. */
export type RelationshipFacts = {
  stage: RelationshipStage | null;
  lifecycleStage: LifecycleStage | null;
  stayInTouchDays: number | null;
  daysSinceInteraction: number | null;
  daysSinceInbound: number | null;
  inbound90: number;
  outbound90: number;
  interactions365: number;
  purchases365: number;
};

type Rule = { rule: StageRule; stage: RelationshipStage; applies: (f: RelationshipFacts) => boolean };

/** The silence after which an established relationship is at risk: twice the cadence, or 90 days. */
export const silenceLimit = (f: Pick<RelationshipFacts, 'stayInTouchDays'>) =>
  f.stayInTouchDays ? f.stayInTouchDays * 2 : SILENCE_RISK_DAYS;

/**
 * The stage rules, in order (docs/RELATIONSHIPS.md). They follow the relationship life cycle of Dwyer,
 * Schurr and Oh (awareness → exploration → expansion → commitment → dissolution): a rule only suggests;
 * a person decides, and the change is recorded in the field history like any other.
 */
const rules: Rule[] = [
  { rule: 'churned', stage: 'dissolution', applies: (f) => f.lifecycleStage === 'churned' },
  {
    rule: 'dissolution_risk',
    stage: 'dissolution',
    applies: (f) =>
      (f.stage === 'commitment' || f.stage === 'expansion') &&
      (f.daysSinceInteraction === null || f.daysSinceInteraction >= silenceLimit(f)),
  },
  {
    rule: 're_engaged',
    stage: 'exploration',
    applies: (f) => f.stage === 'dissolution' && f.daysSinceInbound !== null && f.daysSinceInbound <= 30,
  },
  {
    rule: 'committed',
    stage: 'commitment',
    applies: (f) =>
      f.stage === 'expansion' &&
      (f.lifecycleStage === 'repeat' || f.lifecycleStage === 'advocate') &&
      f.interactions365 >= 6,
  },
  {
    rule: 'growing',
    stage: 'expansion',
    applies: (f) => (f.stage === 'exploration' || f.stage === 'awareness') && f.purchases365 >= 2,
  },
  {
    rule: 'two_way',
    stage: 'exploration',
    applies: (f) => (f.stage === null || f.stage === 'awareness') && f.inbound90 >= 1 && f.outbound90 >= 1,
  },
  {
    rule: 'first_contact',
    stage: 'awareness',
    applies: (f) => f.stage === null && f.daysSinceInteraction !== null,
  },
];

/** The first rule that applies and would change the stage; null when the stage fits what happened. */
export function suggestStage(f: RelationshipFacts): StageSuggestion | null {
  const hit = rules.find((r) => r.applies(f) && r.stage !== f.stage);
  if (!hit) return null;
  return {
    stage: hit.stage,
    rule: hit.rule,
    facts: {
      daysSinceInteraction: f.daysSinceInteraction,
      silenceLimit: silenceLimit(f),
      inbound90: f.inbound90,
      outbound90: f.outbound90,
      interactions365: f.interactions365,
      purchases365: f.purchases365,
      lifecycleStage: f.lifecycleStage,
    },
  };
}
