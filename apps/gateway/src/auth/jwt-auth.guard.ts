import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@switchboard/protocol';
import type { Request } from 'express';
import { ApiTokensService, looksLikeApiToken } from '../api-tokens/api-tokens.service';
import { AccountCheckService } from './account-check.service';
import { PUBLIC_ROUTE, ROUTE_ROLES, type AuthenticatedRequest } from './auth.decorators';
import type { Principal } from './principal';
import { TokenService } from './token.service';

/**
 * Every REST route needs a Bearer token unless marked @Public(), whose account still exists, is enabled and has
 * the token's role and version (else 401, so a disabled or deleted account's token stops working). Tokens are
 * taken from the Authorization header only, never from a URL (access logs, Referer): a plain download link uses
 * a short-lived signed URL instead (POST /api/attachments/:id/link).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly accounts: AccountCheckService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal = await this.principalOf(bearerToken(request));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(principal.role)) throw new ForbiddenException(`only ${roles.join(', ')} may do this`);
    request.principal = principal;
    return true;
  }

  /** A signed-in session's JWT, or an API token (issue 16), read from the store on every request. */
  private async principalOf(token: string | undefined): Promise<Principal> {
    if (looksLikeApiToken(token)) {
      const principal = await this.apiTokens.authenticate(token);
      if (!principal) throw new UnauthorizedException('this API token is not valid (revoked or unknown)');
      return principal;
    }
    const claims = await this.tokens.verify(token);
    if (!claims) throw new UnauthorizedException('a valid token is required');
    if (!(await this.accounts.admit(claims))) throw new UnauthorizedException('this session has ended; sign in again');
    return { id: claims.id, role: claims.role };
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}
