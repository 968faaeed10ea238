import {
  EMAIL_CATALOGUES,
  emailLocaleOf,
  renderFollowupEmail,
  type FollowupEmailInput,
} from './email-templates';

const input = (overrides: Partial<FollowupEmailInput> = {}): FollowupEmailInput => ({
  locale: 'en',
  customerName: 'Cora <script>',
  conversationNumber: 42,
  replies: [{ senderName: 'Ana', text: 'See <b>this</b> & "that"', attachmentName: null, system: null }],
  link: 'https://chat.example.com/widget/?locale=en#resume=abc',
  linkDays: 7,
  ...overrides,
});

describe('follow-up email templates', () => {
  it('have the same sentences in both languages, none empty', () => {
    expect(Object.keys(EMAIL_CATALOGUES['zh-CN']).sort()).toEqual(Object.keys(EMAIL_CATALOGUES.en).sort());
    for (const catalogue of Object.values(EMAIL_CATALOGUES))
      for (const text of Object.values(catalogue)) expect(text.trim()).not.toBe('');
  });

  it('picks the language: zh tags read Chinese, the first known tag wins, English otherwise', () => {
    expect(emailLocaleOf('zh-CN')).toBe('zh-CN');
    expect(emailLocaleOf(null, 'zh-Hans-SG')).toBe('zh-CN');
    expect(emailLocaleOf('en', 'zh-CN')).toBe('en');
    expect(emailLocaleOf(undefined, 'fr-FR')).toBe('en');
  });

  it('escapes everything written by people in the HTML, keeps it as is in the text', () => {
    const email = renderFollowupEmail(input());
    expect(email.subject).toBe('New reply in your conversation #42');
    expect(email.text).toContain('Hello Cora <script>,');
    expect(email.text).toContain('Ana: See <b>this</b> & "that"');
    expect(email.text).toContain(
      'Continue the conversation: https://chat.example.com/widget/?locale=en#resume=abc',
    );
    expect(email.html).toContain('Hello Cora &lt;script&gt;,');
    expect(email.html).toContain('See &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;');
    expect(email.html).not.toMatch(/<script>|<b>this/);
    expect(email.html).toContain('href="https://chat.example.com/widget/?locale=en#resume=abc"');
  });

  it('counts several replies, names attachments and says the close in the reader’s language', () => {
    const email = renderFollowupEmail(
      input({
        locale: 'zh-CN',
        replies: [
          { senderName: 'Ana', text: null, attachmentName: 'invoice.pdf', system: null },
          {
            senderName: 'System',
            text: 'Closed by Ana',
            attachmentName: null,
            system: { code: 'closed_by_agent', params: { agentName: 'Ana' } },
          },
        ],
      }),
    );
    expect(email.subject).toBe('您的会话 #42 有 2 条新回复');
    expect(email.text).toContain('Ana: [附件：invoice.pdf]');
    expect(email.text).toContain('Ana 已结束会话');
    expect(email.text).not.toContain('System:');
    expect(email.text).toContain('此链接在 7 天内为您打开这个会话');
  });
});
