import { Injectable } from '@nestjs/common';

/**
 * The time rules that compare with "now" read (the recall window). One instance per gateway; tests move it with
 * `shift` instead of sleeping, the way the deadline sweeper takes its `now`.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  /** Set by `freeze`: the instant the clock stands at (before `shift`), instead of the wall clock. */
  private frozenMs: number | null = null;

  now(): Date {
    return new Date((this.frozenMs ?? Date.now()) + this.offsetMs);
  }

  /**
   * Tests only: the clock stands still at `at` until `shift` moves it (the reports fixture: known waits and delays
   * to the millisecond, whatever the machine's speed).
   */
  freeze(at: Date): void {
    this.frozenMs = at.getTime();
    this.offsetMs = 0;
  }

  /** Tests only: from now on the clock reads `ms` later (negative: earlier) than the wall clock. */
  shift(ms: number): void {
    this.offsetMs += ms;
  }

  /** Tests only: back to the wall clock. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenMs = null;
  }
}
