import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@switchboard/protocol';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Principal, TokenClaims } from './principal';

const ROLES: readonly Role[] = ['customer', 'agent', 'supervisor'];

/**
 * Signs and verifies the HS256 tokens used by REST (Bearer) and the socket.io handshake alike. A valid
 * signature is not enough to be let in: AccountCheckService also compares `ver` with the account.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `ver` is the account's tokenVersion read together with whatever proved the caller (e.g. the password). */
  sign(principal: Principal & { ver: number }): Promise<string> {
    const expiresIn = principal.role === 'customer' ? this.config.customerTokenTtlS : this.config.staffTokenTtlS;
    return this.jwt.signAsync(
      { sub: principal.id, role: principal.role, ver: principal.ver },
      { algorithm: 'HS256', expiresIn },
    );
  }

  /**
   * The claims of a well-signed, unexpired token, or null for anything else (missing, malformed, expired, other
   * algorithm). A token from before versions existed has no `ver`: it is read as 0, the version of an account
   * that never changed. `ignoreExpiration` is only for reading who an old token belonged to, never to let it in.
   */
  async verify(token: unknown, { ignoreExpiration = false } = {}): Promise<TokenClaims | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    try {
      const claims = await this.jwt.verifyAsync<Record<'sub' | 'role' | 'ver' | 'iat' | 'exp', unknown>>(token, {
        algorithms: ['HS256'],
        ignoreExpiration,
      });
      if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) return null;
      const [ver, iat, exp] = [claims.ver ?? 0, claims.iat, claims.exp];
      if (![ver, iat, exp].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
      return { id: claims.sub, role: claims.role as Role, ver: ver as number, iat: iat as number, exp: exp as number };
    } catch {
      return null;
    }
  }
}
