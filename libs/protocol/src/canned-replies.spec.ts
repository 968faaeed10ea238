import { fillCannedReply } from './canned-replies';

describe('fillCannedReply', () => {
  const context = { customerName: 'Maria', agentName: 'Ana', conversationNumber: 42 };

  it('fills every variable, each time it appears', () => {
    expect(
      fillCannedReply(
        'Hi {{customer.name}}, {{agent.name}} here about #{{conversation.number}}. Bye {{customer.name}}!',
        context,
      ),
    ).toBe('Hi Maria, Ana here about #42. Bye Maria!');
  });

  it('takes spaces inside the braces and leaves unknown variables and plain text alone', () => {
    expect(
      fillCannedReply(
        '{{ customer.name }} / {{customer.email}} / {customer.name} / {{agent.name  }}',
        context,
      ),
    ).toBe('Maria / {{customer.email}} / {customer.name} / Ana');
    expect(fillCannedReply('No variables here.', context)).toBe('No variables here.');
  });

  it('never expands a value that looks like a variable, nor treats $ in a value as a replacement pattern', () => {
    expect(fillCannedReply('Hi {{customer.name}}', { ...context, customerName: '{{agent.name}}' })).toBe(
      'Hi {{agent.name}}',
    );
    expect(fillCannedReply('Hi {{customer.name}}', { ...context, customerName: "$& $1 $'" })).toBe(
      "Hi $& $1 $'",
    );
  });

  it('fills Chinese text and names', () => {
    expect(
      fillCannedReply('{{customer.name}}您好，我是{{agent.name}}，会话 {{conversation.number}}。', {
        customerName: '王芳',
        agentName: '李娜',
        conversationNumber: 7,
      }),
    ).toBe('王芳您好，我是李娜，会话 7。');
  });
});
