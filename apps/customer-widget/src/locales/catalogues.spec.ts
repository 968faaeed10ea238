import { catalogueProblems, type Catalogue } from '@switchboard/i18n';
import en from './en.json';
import zhCN from './zh-CN.json';

describe('widget catalogues', () => {
  it('have every key in every locale, with the plural forms and interpolations each language needs', () => {
    expect(catalogueProblems({ en, 'zh-CN': zhCN })).toEqual([]);
  });

  it('would fail on a key missing from one locale', () => {
    const { send: _send, ...composer } = zhCN.composer;
    const broken: Catalogue = { ...zhCN, composer };
    expect(catalogueProblems({ en, 'zh-CN': broken })).toEqual(['zh-CN: missing "composer.send"']);
  });

  it('give the names section 10 of the protocol fixes for zh-CN', () => {
    expect([
      zhCN.loader.openChat,
      zhCN.composer.message,
      zhCN.composer.send,
      zhCN.composer.attach,
      zhCN.header.endChat,
    ]).toEqual(['打开聊天', '消息', '发送', '添加附件', '结束对话']);
  });
});
