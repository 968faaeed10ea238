import { Types } from 'mongoose';
import type { AppConfig } from '../config/app-config';
import { DomainEventsService } from '../events/domain-events.service';
import type { UserRecord } from '../users/schemas/user.schema';
import type { UsersRepository } from '../users/users.repository';
import { AccountCheckService, revocationOf, type AccountState } from './account-check.service';
import type { TokenClaims } from './principal';

const ID = new Types.ObjectId().toHexString();
const state = (overrides: Partial<AccountState> = {}): AccountState => ({
  role: 'agent',
  name: 'Ana',
  tokenVersion: 3,
  disabled: false,
  deleted: false,
  revokedReason: null,
  ...overrides,
});

describe('revocationOf', () => {
  const grant = { role: 'agent' as const, ver: 3 };

  it('lets a session go on only while the account is there, enabled, same role, same version', () => {
    expect(revocationOf(grant, state())).toBeNull();
    expect(revocationOf(grant, null)).toBe('deleted');
    expect(revocationOf(grant, state({ deleted: true, disabled: true }))).toBe('deleted');
    expect(revocationOf(grant, state({ disabled: true }))).toBe('disabled');
    expect(revocationOf(grant, state({ tokenVersion: 4, revokedReason: 'password_changed' }))).toBe('password_changed');
    expect(revocationOf(grant, state({ tokenVersion: 4 }))).toBe('revoked');
    expect(revocationOf(grant, state({ role: 'supervisor' }))).toBe('revoked');
    // a version from the future is not accepted either (a token is only ever valid for the current one)
    expect(revocationOf({ role: 'agent', ver: 2 }, state())).toBe('revoked');
  });
});

/** The one repository call the cache makes, answered from a variable the test changes, with a read counter. */
function repositoryHolding(initial: Partial<UserRecord> | null) {
  const repo = {
    user: initial as UserRecord | null,
    reads: 0,
    gate: null as Promise<void> | null,
    async findById() {
      repo.reads++;
      const answer = repo.user ? { ...repo.user } : null;
      if (repo.gate) await repo.gate;
      return answer;
    },
  };
  return repo;
}

describe('AccountCheckService', () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = (ver: number, iat = now - 60): TokenClaims => ({ id: ID, role: 'agent', ver, iat, exp: now + 3600 });

  function setup(user: Partial<UserRecord> | null, principalCacheMs = 60_000) {
    const repo = repositoryHolding(user);
    const events = new DomainEventsService();
    const service = new AccountCheckService(repo as unknown as UsersRepository, events, { principalCacheMs } as AppConfig);
    service.onModuleInit();
    return { repo, events, service };
  }

  const agent = { role: 'agent', name: 'Ana', tokenVersion: 0, disabled: false, deletedAt: null } as Partial<UserRecord>;

  it('reads each account once per cache period', async () => {
    const { repo, service } = setup(agent);
    for (let i = 0; i < 5; i++) expect(await service.admit(claims(0))).toMatchObject({ name: 'Ana' });
    expect(repo.reads).toBe(1);
  });

  it('forgets an account as soon as this node changes it', async () => {
    const { repo, events, service } = setup(agent);
    expect(await service.admit(claims(0))).not.toBeNull();
    repo.user = { ...agent, disabled: true, tokenVersion: 1 } as UserRecord;
    events.publish({ type: 'account.changed', userId: ID, revoked: 'disabled' });
    expect(await service.admit(claims(0))).toBeNull();
  });

  it('does not store a read that was in flight when the account changed', async () => {
    const { repo, events, service } = setup(agent);
    let release = () => {};
    repo.gate = new Promise((resolve) => (release = resolve));
    const stale = service.admit(claims(0));
    await Promise.resolve();
    repo.user = { ...agent, tokenVersion: 1 } as UserRecord;
    events.publish({ type: 'account.changed', userId: ID, revoked: 'password_changed' });
    release();
    repo.gate = null;
    expect(await stale).not.toBeNull(); // it started before the change
    expect(await service.admit(claims(0))).toBeNull(); // but was not kept
  });

  it('checks a token newer than the cached entry against a fresh read before refusing it', async () => {
    const { repo, service } = setup(agent);
    expect(await service.admit(claims(0))).not.toBeNull();
    // the password was changed on another node: this node's cache still says version 0
    repo.user = { ...agent, tokenVersion: 1 } as UserRecord;
    expect(await service.admit(claims(1, now + 5))).not.toBeNull();
    // an old token is then refused from the cache, without reading again each time
    const reads = repo.reads;
    expect(await service.admit(claims(0))).toBeNull();
    expect(await service.admit(claims(0))).toBeNull();
    expect(repo.reads).toBe(reads);
  });

  it('with principalCacheMs 0 reads every time', async () => {
    const { repo, service } = setup(agent, 0);
    await service.admit(claims(0));
    await service.admit(claims(0));
    expect(repo.reads).toBe(2);
  });
});
