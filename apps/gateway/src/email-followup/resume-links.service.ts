import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * The token in a follow-up email's link (docs/security.md): HS256 with the gateway's secret, for one customer and one
 * conversation, with its own audience and no role, so it is never accepted as a bearer token, and it expires.
 */
const AUDIENCE = 'switchboard:email-resume';

export interface ResumeClaims {
  customerId: string;
  conversationId: string;
}

export type ResumeCheck = { ok: true; claims: ResumeClaims } | { ok: false; problem: 'invalid' | 'expired' };

@Injectable()
export class ResumeLinks {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `now`: the injected clock's, so a link made in a test that moved the clock expires with it. */
  sign(claims: ResumeClaims, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return this.jwt.signAsync(
      { sub: claims.customerId, cid: claims.conversationId, iat, exp: iat + this.config.emailLinkTtlS },
      { algorithm: 'HS256', audience: AUDIENCE },
    );
  }

  /** Tampered, foreign or malformed: `invalid`; well signed but past its time: `expired`. */
  async verify(token: unknown, now: Date): Promise<ResumeCheck> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048)
      return { ok: false, problem: 'invalid' };
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        ignoreExpiration: true, // compared below with the injected clock
      });
    } catch {
      return { ok: false, problem: 'invalid' };
    }
    const { sub, cid, exp } = claims;
    if (typeof sub !== 'string' || typeof cid !== 'string' || typeof exp !== 'number')
      return { ok: false, problem: 'invalid' };
    if (exp * 1000 <= now.getTime()) return { ok: false, problem: 'expired' };
    return { ok: true, claims: { customerId: sub, conversationId: cid } };
  }
}
