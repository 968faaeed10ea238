import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CustomerAuthResponse, LoginResponse } from '@switchboard/protocol';
import { CustomerAuthDto, LoginDto } from '@switchboard/protocol/dto';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('customer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Get a customer token; send visitorId back to resume the same visitor' })
  customer(@Body() dto: CustomerAuthDto): Promise<CustomerAuthResponse> {
    return this.auth.customer(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in an agent or supervisor; 401 with the same body for any wrong e-mail or password' })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto);
  }
}
