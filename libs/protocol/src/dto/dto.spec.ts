import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SendMessageDto, TypingDto } from './index';

function errorsOf<T extends object>(cls: new () => T, payload: unknown): string[] {
  const instance = plainToInstance(cls, payload);
  return validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);
}

describe('protocol DTOs', () => {
  const conversationId = '65a1b2c3d4e5f60718293a4b';

  it('accepts a well-formed text message', () => {
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh-1', text: 'hi' })).toEqual([]);
  });

  it('refuses operators where an id belongs, unknown fields and blank text', () => {
    expect(errorsOf(SendMessageDto, { conversationId: { $ne: null }, clientMsgId: 'abcdefgh', text: 'x' })).toContain(
      'conversationId',
    );
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh', text: 'x', extra: 1 })).toContain('extra');
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh', text: '   ' })).toContain('text');
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'short', text: 'x' })).toContain('clientMsgId');
  });

  it('measures text length after trimming', () => {
    const padded = `  ${'x'.repeat(4000)}  `;
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh', text: padded })).toEqual([]);
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh', text: 'x'.repeat(4001) })).toEqual(['text']);
  });

  it('requires an attachment for images but not a caption', () => {
    expect(errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh', kind: 'image' })).toEqual(['attachmentId']);
    expect(
      errorsOf(SendMessageDto, { conversationId, clientMsgId: 'abcdefgh', kind: 'image', attachmentId: conversationId }),
    ).toEqual([]);
  });

  it('refuses a string where a boolean belongs', () => {
    expect(errorsOf(TypingDto, { conversationId, isTyping: 'yes' })).toEqual(['isTyping']);
  });
});
