/** The time as the app sees it. Services read it through `ctx.now()`, jobs through `config.clock`. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock tests can move: it runs with real time from an offset. Only with `NODE_ENV=test` and
 * `RAPPORT_TEST_CLOCK=true` (browser tests of reminders), where `PUT /api/v1/test/clock` sets it.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
  set(to: Date) {
    this.offsetMs = to.getTime() - Date.now();
  }
  advance(ms: number) {
    this.offsetMs += ms;
  }
}
