import { SYSTEM_CATALOGUES, type SystemMessage, systemText } from '@switchboard/protocol';
import { catalogueProblems } from './catalogue-check';
import { createI18n } from './create-i18n';
import { translateSystemMessage } from './system-messages';

const offered: SystemMessage = {
  code: 'transfer_offered',
  params: { fromName: 'Ana', toName: '李娜', note: ' billing ' },
};

describe('system messages', () => {
  it('stores the English sentence as text, with the note only when there is one', () => {
    expect(systemText(offered)).toBe('Ana transferred the conversation to 李娜: billing');
    expect(systemText({ ...offered, params: { ...offered.params, note: '  ' } } as SystemMessage)).toBe(
      'Ana transferred the conversation to 李娜',
    );
    expect(systemText({ code: 'closed_by_customer', params: {} })).toBe('Closed by the customer');
    // Names are not HTML: nothing is escaped.
    expect(systemText({ code: 'agent_joined', params: { agentName: 'A & <B>' } })).toBe('A & <B> joined');
  });

  it('shows a message written in English to a Chinese reader in Chinese', () => {
    const zh = createI18n({ locale: 'zh-CN', catalogues: { en: {}, 'zh-CN': {} } });
    const message = { text: systemText(offered), system: offered };
    expect(translateSystemMessage(zh, message)).toBe('Ana 将会话转接给 李娜：billing');
    expect(translateSystemMessage(zh, { text: 'x', system: { code: 'closed_by_agent', params: { agentName: 'Bo' } } })).toBe(
      'Bo 已结束会话',
    );
  });

  it('falls back to the stored text for old messages and codes this client does not know', () => {
    const zh = createI18n({ locale: 'zh-CN', catalogues: { en: {}, 'zh-CN': {} } });
    expect(translateSystemMessage(zh, { text: 'Ana joined' })).toBe('Ana joined');
    const future = { code: 'not_yet_invented', params: {} } as unknown as SystemMessage;
    expect(translateSystemMessage(zh, { text: 'Something new', system: future })).toBe('Something new');
  });

  it('has every code in every language with the same parameters', () => {
    expect(catalogueProblems(SYSTEM_CATALOGUES)).toEqual([]);
  });
});
