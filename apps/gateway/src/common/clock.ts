import { Injectable } from '@nestjs/common';

/**
 * The time rules that compare with "now" read (the recall window). One instance per gateway; tests move it with
 * `shift` instead of sleeping, the way the deadline sweeper takes its `now`.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: from now on the clock reads `ms` later (negative: earlier) than the wall clock. */
  shift(ms: number): void {
    this.offsetMs += ms;
  }

  /** Tests only: back to the wall clock. */
  reset(): void {
    this.offsetMs = 0;
  }
}
