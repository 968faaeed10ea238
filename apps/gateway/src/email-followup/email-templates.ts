import { SYSTEM_CATALOGUES, systemMessageKey, type SystemMessage } from '@switchboard/protocol';

/** The languages of follow-up emails: the widget's (PROTOCOL section 10). */
export type EmailLocale = keyof typeof SYSTEM_CATALOGUES;

interface EmailCatalogue {
  subject: string;
  subjectMany: string;
  greeting: string;
  intro: string;
  introMany: string;
  open: string;
  linkNote: string;
  attachment: string;
  footer: string;
}

/** Both languages' sentences (`{{name}}` placeholders); the type keeps their keys the same. */
export const EMAIL_CATALOGUES: Record<EmailLocale, EmailCatalogue> = {
  en: {
    subject: 'New reply in your conversation #{{number}}',
    subjectMany: '{{count}} new replies in your conversation #{{number}}',
    greeting: 'Hello {{name}},',
    intro: 'We replied to you in the chat while you were away:',
    introMany: 'We replied to you {{count}} times in the chat while you were away:',
    open: 'Continue the conversation',
    linkNote: 'The link opens this conversation for you for {{days}} days. Do not forward this email.',
    attachment: '[Attachment: {{name}}]',
    footer: 'You get this email because you left your address in our chat.',
  },
  'zh-CN': {
    subject: '您的会话 #{{number}} 有新回复',
    subjectMany: '您的会话 #{{number}} 有 {{count}} 条新回复',
    greeting: '{{name}}，您好：',
    intro: '您离开期间，我们在聊天中回复了您：',
    introMany: '您离开期间，我们在聊天中回复了您 {{count}} 条消息：',
    open: '继续对话',
    linkNote: '此链接在 {{days}} 天内为您打开这个会话。请勿转发此邮件。',
    attachment: '[附件：{{name}}]',
    footer: '您收到此邮件，是因为您在我们的聊天中留下了邮箱地址。',
  },
};

/** `zh`, `zh-CN`, `zh-Hans-*` … read Chinese; everything else English (the same rule as libs/i18n's matchLocale). */
export function emailLocaleOf(...tags: (string | null | undefined)[]): EmailLocale {
  for (const tag of tags) {
    const lower = tag?.trim().toLowerCase();
    if (!lower) continue;
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** One reply as the email shows it. */
export interface MailedReply {
  senderName: string | null;
  text: string | null;
  attachmentName: string | null;
  system: SystemMessage | null;
}

export interface FollowupEmailInput {
  locale: EmailLocale;
  customerName: string;
  conversationNumber: number;
  replies: MailedReply[];
  link: string;
  linkDays: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** What a reply says in the reader's language: its text, its attachment, or the close in words. */
function replyBody(reply: MailedReply, locale: EmailLocale): string {
  if (reply.system) {
    const { key, values } = systemMessageKey(reply.system);
    return fill((SYSTEM_CATALOGUES[locale] as Record<string, string>)[key] ?? '', values);
  }
  const parts = [reply.text?.trim() ?? ''];
  if (reply.attachmentName)
    parts.push(fill(EMAIL_CATALOGUES[locale].attachment, { name: reply.attachmentName }));
  return parts.filter(Boolean).join('\n');
}

/** Subject, plain text and a simple HTML part; everything the customer or an agent wrote is escaped in the HTML. */
export function renderFollowupEmail(input: FollowupEmailInput): RenderedEmail {
  const t = EMAIL_CATALOGUES[input.locale];
  const count = input.replies.length;
  const values = { number: input.conversationNumber, count, name: input.customerName, days: input.linkDays };
  const subject = fill(count > 1 ? t.subjectMany : t.subject, values);
  const greeting = fill(t.greeting, values);
  const intro = fill(count > 1 ? t.introMany : t.intro, values);
  const lines = input.replies.map((reply) => ({
    who: reply.system ? null : reply.senderName,
    body: replyBody(reply, input.locale),
  }));
  const linkNote = fill(t.linkNote, values);

  const text = [
    greeting,
    '',
    intro,
    '',
    ...lines.map((line) => (line.who ? `${line.who}: ${line.body}` : line.body)),
    '',
    `${t.open}: ${input.link}`,
    '',
    linkNote,
    t.footer,
    '',
  ].join('\n');

  const paragraph = (body: string) => escapeHtml(body).replace(/\n/g, '<br>');
  const html = [
    `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #1f2937;">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...lines.map(
      (line) =>
        '<blockquote style="margin: 0 0 12px; padding: 8px 12px; border-left: 3px solid #4f46e5; background: #f5f5ff;">' +
        (line.who ? `<strong>${escapeHtml(line.who)}</strong><br>` : '') +
        `${paragraph(line.body)}</blockquote>`,
    ),
    `<p><a href="${escapeHtml(input.link)}" style="display: inline-block; padding: 10px 16px; background: #4f46e5; color: #ffffff; text-decoration: none; border-radius: 6px;">${escapeHtml(t.open)}</a></p>`,
    `<p style="font-size: 12px; color: #6b7280;">${escapeHtml(linkNote)}<br>${escapeHtml(t.footer)}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
