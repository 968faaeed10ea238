import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { CustomerAuthResponse, LoginResponse } from '@switchboard/protocol';
import { CustomerAuthDto, LoginDto } from '@switchboard/protocol/dto';
import type { Request } from 'express';
import { ClientAddressResolver } from '../abuse/client-address';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Public()
  @Post('customer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Get a customer token; send visitorId back to resume the same visitor. A browser that sends a blocked ' +
      "customer's token (Authorization: Bearer, even expired) gets 403 with reason blocked instead of a new visitor",
  })
  @ApiTooManyRequestsResponse({ description: 'Too many new visitors from this address (CUSTOMER_AUTH_LIMIT per 10 minutes); see Retry-After' })
  customer(@Body() dto: CustomerAuthDto, @Req() request: Request): Promise<CustomerAuthResponse> {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return this.auth.customer(dto, this.addresses.ofRequest(request), bearer);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in an agent or supervisor; 401 with the same body for any wrong e-mail or password' })
  @ApiTooManyRequestsResponse({
    description: '10 failed attempts for the account or 30 from the address in 15 minutes, or sign-in busy; see Retry-After',
  })
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<LoginResponse> {
    return this.auth.login(dto, this.addresses.ofRequest(request));
  }
}
