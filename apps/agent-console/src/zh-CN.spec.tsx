// The console in Simplified Chinese: the accessible names of PROTOCOL section 10, system messages and previews in
// the reader's language, Chinese durations and days, avatars from a Chinese name, and switching language live.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Message } from '@switchboard/protocol';
import { sessionStore, signOut } from './auth/session';
import { SignInPage } from './auth/SignInPage';
import { ConversationView } from './conversations/ConversationView';
import { DetailsPanel } from './conversations/DetailsPanel';
import { MessageThread } from './conversations/MessageThread';
import { MyConversations } from './conversations/MyConversations';
import { TransferOffers } from './conversations/TransferOffers';
import { QueueList } from './queue/QueueList';
import { i18n } from './shared/i18n';
import { TopBar } from './shared/TopBar';
import { conversation, FakeClient, ME, renderIn, renderWithWorkspace } from './test-utils';

const transferredToBo = {
  id: 'm9',
  conversationId: 'c1',
  seq: 9,
  clientMsgId: null,
  sender: { id: 'system', type: 'system', name: 'System' },
  kind: 'system',
  // What the gateway stores: English words, and the code each reader renders in their own language.
  text: 'Ana transferred the conversation to Bo: needs billing',
  system: { code: 'transfer_offered', params: { fromName: 'Ana', toName: 'Bo', note: 'needs billing' } },
  attachment: null,
  createdAt: new Date().toISOString(),
} as Message;

function answer(status: number, body: unknown) {
  return { ok: status < 400, status, statusText: String(status), headers: { get: () => 'application/json' }, json: async () => body };
}

describe('the console in zh-CN', () => {
  it('names the queue row and its grab button in Chinese, with a Chinese waiting time and system preview', async () => {
    const client = new FakeClient();
    const waiting = conversation({ customer: { id: 'w', name: '王小明', type: null } });
    const sentBack = conversation({
      customer: { id: 's', name: 'Li Na', type: null },
      lastMessage: { seq: 3, preview: 'Ana joined', senderType: 'system', at: waiting.createdAt, kind: 'system', system: { code: 'agent_joined', params: { agentName: 'Ana' } } },
    });
    client.answers['queue.list'] = () => ({ conversations: [waiting, sentBack] });
    renderWithWorkspace(<QueueList />, client, ME, { locale: 'zh-CN' });
    const row = await screen.findByRole('listitem', { name: '来自 王小明 的咨询' });
    expect(within(row).getByRole('button', { name: '抢单' })).toBeInTheDocument();
    expect(within(row).getByTitle('等待时长')).toHaveTextContent(/^1分钟/);
    expect(screen.getByRole('heading', { name: /排队/ })).toBeInTheDocument();
    expect(screen.getByText('Ana 已加入会话')).toBeInTheDocument();
    expect(screen.queryByText('Ana joined')).not.toBeInTheDocument();
  });

  it('names the conversation actions 转接 and 结束会话, and the message box 消息', async () => {
    const client = new FakeClient();
    const mine = conversation({ artificialType: 'serving', agentId: ME.id, customer: { id: 'x', name: '张伟', type: null } });
    client.answers['conversations.mine'] = () => ({ conversations: [mine] });
    const { workspace } = renderWithWorkspace(<div />, client, ME, { locale: 'zh-CN' });
    await waitFor(() => expect(workspace.store.get().mine).toHaveLength(1));
    renderWithWorkspace(<ConversationView conversation={mine} />, client, ME, { locale: 'zh-CN' });
    expect(screen.getByRole('main', { name: '与 张伟 的会话' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '转接' })).toBeEnabled();
    expect(screen.getByRole('button', { name: '结束会话' })).toBeEnabled();
    expect(screen.getByRole('textbox', { name: '消息' })).toHaveAttribute('placeholder', '回复 张伟…');
    expect(screen.getByRole('button', { name: '发送' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '添加附件' })).toBeInTheDocument();
  });

  it('shows a system message stored in English in Chinese, under a Chinese day separator', () => {
    renderIn(<MessageThread messages={[transferredToBo]} hasMore={false} />, 'zh-CN');
    const log = screen.getByRole('log', { name: '消息记录' });
    expect(within(log).getByText('Ana 将会话转接给 Bo：needs billing')).toBeInTheDocument();
    expect(within(log).queryByText(/transferred the conversation/)).not.toBeInTheDocument();
    expect(within(log).getByRole('separator')).toHaveTextContent('今天');
  });

  it('keeps the stored text for an old system message without a code', () => {
    renderIn(<MessageThread messages={[{ ...transferredToBo, system: undefined }]} hasMore={false} />, 'zh-CN');
    expect(screen.getByText('Ana transferred the conversation to Bo: needs billing')).toBeInTheDocument();
  });

  it('offers a transfer with 接受 and 拒绝 and a Chinese countdown', async () => {
    const client = new FakeClient();
    const offer = conversation({
      artificialType: 'transfer_initiated',
      agentId: 'agent-2',
      customer: { id: 'o', name: '陈静', type: null },
      transfer: { mode: 'agent', fromAgentId: 'agent-2', toAgentId: ME.id, note: '需要退款', initiatedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 45_000).toISOString() },
    });
    client.answers['conversations.mine'] = () => ({ conversations: [offer] });
    renderWithWorkspace(<TransferOffers />, client, ME, { locale: 'zh-CN' });
    const item = await screen.findByRole('listitem', { name: '转接请求：陈静' });
    expect(within(item).getByRole('button', { name: '接受' })).toBeInTheDocument();
    expect(within(item).getByRole('button', { name: '拒绝' })).toBeInTheDocument();
    expect(within(item).getByText(/^剩余 \d+秒$/)).toBeInTheDocument();
  });

  it('shows a Chinese customer’s avatar as their first character', () => {
    renderWithWorkspace(<DetailsPanel conversation={conversation({ customer: { id: 'z', name: '王小明', type: null } })} />, new FakeClient(), ME, { locale: 'zh-CN' });
    const details = screen.getByRole('complementary', { name: '详情' });
    expect(details.querySelector('.avatar')).toHaveTextContent(/^王$/);
    expect(within(details).getByText('未分类')).toBeInTheDocument();
  });

  it('labels my conversations and their unread badge in Chinese, with previews of my own replies', async () => {
    const client = new FakeClient();
    const c = conversation({
      artificialType: 'serving',
      agentId: ME.id,
      unread: { customer: 0, agent: 2 },
      lastMessage: { seq: 2, preview: '[file] 发票.pdf', senderType: 'agent', at: new Date().toISOString(), kind: 'file' },
    });
    client.answers['conversations.mine'] = () => ({ conversations: [c] });
    renderWithWorkspace(<MyConversations />, client, ME, { locale: 'zh-CN' });
    const list = await screen.findByRole('list', { name: '我的会话' });
    expect(within(list).getByLabelText('2 条未读')).toBeInTheDocument();
    expect(within(list).getByText('我：[文件] 发票.pdf')).toBeInTheDocument();
  });
});

describe('choosing the language', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    act(() => signOut());
  });

  it('the sign-in page follows a Chinese browser and names its fields 邮箱, 密码 and 登录', () => {
    jest.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-CN', 'en']);
    let fresh: typeof import('./shared/i18n') | undefined;
    jest.isolateModules(() => {
      fresh = jest.requireActual<typeof import('./shared/i18n')>('./shared/i18n');
    });
    expect(fresh!.i18n.language).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    jest.restoreAllMocks();
    renderIn(<SignInPage baseUrl="" />, 'zh-CN');
    expect(screen.getByLabelText('邮箱')).toBeInTheDocument();
    expect(screen.getByLabelText('密码')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '登录' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');
  });

  it('switches the sign-in page at once, remembers it, and saves it to the account that signs in', async () => {
    renderIn(<SignInPage baseUrl="http://gateway.test" />, 'zh-CN');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '语言' }), 'English');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('switchboard.console.locale')).toBe('en');
    const fetchMock = jest.fn(async (url: string) =>
      url.endsWith('/api/auth/login')
        ? answer(200, { token: 'header.e30.sig', user: { ...ME, locale: 'zh-CN' } })
        : answer(200, { ...ME, locale: 'en' }),
    );
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    await userEvent.type(screen.getByLabelText('Email'), 'agent1@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    const [url, init] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(url).toBe('http://gateway.test/api/users/me');
    expect(init).toMatchObject({ method: 'PATCH', body: JSON.stringify({ locale: 'en' }) });
    // The choice made on this page beats the account's older one.
    expect(i18n.language).toBe('en');
    expect(sessionStore.get().session?.user.locale).toBe('en');
  });

  it('applies the account’s saved language at sign-in when none was picked on the page', async () => {
    renderIn(<SignInPage baseUrl="http://gateway.test" />, 'en');
    globalThis.fetch = jest.fn(async () =>
      answer(200, { token: 'header.e30.sig', user: { ...ME, locale: 'zh-CN' } }),
    ) as unknown as typeof fetch;
    await userEvent.type(screen.getByLabelText('Email'), 'agent1@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(i18n.language).toBe('zh-CN'));
    expect(globalThis.fetch).toHaveBeenCalledTimes(1);
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('the top bar switch changes everything live and saves it with PATCH /api/users/me', async () => {
    const client = new FakeClient();
    client.apiAnswers['/api/users?role=agent'] = [];
    client.apiAnswers['PATCH /api/users/me'] = { ...ME, locale: 'zh-CN' };
    sessionStore.set({ session: { token: 't', user: ME }, notice: null });
    renderWithWorkspace(
      <>
        <TopBar onShowShortcuts={() => undefined} />
        <QueueList />
      </>,
      client,
    );
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), '简体中文');
    expect(screen.getByRole('button', { name: '退出登录' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');
    expect(screen.getByText('暂无顾客排队，新的咨询会出现在这里。')).toBeInTheDocument();
    expect(client.apiCalls).toContainEqual({ path: '/api/users/me', method: 'PATCH', body: { locale: 'zh-CN' } });
    // A reload of this tab keeps it: the stored session carries the new language.
    expect(JSON.parse(sessionStorage.getItem('switchboard.console.session')!).user.locale).toBe('zh-CN');
  });
});
