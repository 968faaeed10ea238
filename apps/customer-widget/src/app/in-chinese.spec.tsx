import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aMessage, theSystem } from '@switchboard/client/testing';
import { DEFAULT_OPTIONS } from '../shared/bridge';
import { frameWindow } from '../test/frame-window';
import { renderInLocale } from '../test/render-in-locale';
import { App } from './app';
import { ChatStore, gatewayAt } from './chat/chat-store';
import { WidgetStorage } from './chat/widget-storage';
import { Composer } from './components/composer';
import { ClosePrompt, EndChatConfirm } from './components/conversation-end';
import { MessageText } from './components/message-text';
import { Header } from './components/header';
import { MessageList } from './components/message-list';
import { RatingForm } from './components/rating-form';
import { HostBridge } from './host/host-bridge';

const now = new Date('2026-11-25T12:00:00.000Z');

describe('the widget in Simplified Chinese (zh-CN)', () => {
  it('greets a first visit in Chinese, with its own title when the host set none, and the names of section 10', () => {
    const storage = new WidgetStorage(undefined);
    const store = new ChatStore({ gateway: gatewayAt('', storage), storage, customerType: null });
    store.boot();
    const { win } = frameWindow({ ancestors: ['https://shop.example'] });
    renderInLocale(
      'zh-CN',
      <App store={store} bridge={new HostBridge(win)} options={{ ...DEFAULT_OPTIONS, locale: 'zh-CN', prechat: true }} />,
    );
    expect(screen.getByRole('heading', { name: '在线客服' })).toBeInTheDocument();
    expect(screen.getByRole('main', { name: '在线客服' })).toBeInTheDocument();
    expect(screen.getByText('我们通常几分钟内回复')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '您的称呼' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '邮箱' })).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: '消息' });
    expect(box).toHaveAttribute('placeholder', '有什么可以帮您？');
    expect(screen.getByRole('button', { name: '发送' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '添加附件' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '表情' })).toBeInTheDocument();
    expect(screen.getByText(/由/)).toHaveTextContent('由 Switchboard 提供技术支持');
    expect(screen.queryByText(/[A-Za-z]{3,}/, { ignore: 'strong, script, style' })).toBeNull();
  });

  it('shows days, times, system messages, the queue and typing in Chinese, whatever language `text` is in', () => {
    renderInLocale(
      'zh-CN',
      <MessageList
        messages={[
          aMessage({ seq: 1, createdAt: '2026-11-24T10:00:00.000Z', text: '我的订单还没到' }),
          aMessage({
            seq: 2,
            createdAt: '2026-11-25T09:00:00.000Z',
            sender: theSystem,
            kind: 'system',
            text: 'Ana Lima joined the conversation',
            system: { code: 'agent_joined', params: { agentName: 'Ana Lima' } },
          }),
          aMessage({
            seq: 3,
            createdAt: '2026-11-25T09:01:00.000Z',
            sender: { id: 'agent-2', type: 'agent', name: '王小明' },
            text: '您好，我来帮您查一下',
          }),
          // Stored before messages carried `system`: its text is all there is.
          aMessage({ seq: 4, createdAt: '2026-11-25T09:02:00.000Z', sender: theSystem, kind: 'system', text: 'Old note' }),
        ]}
        pending={[]}
        agentReadSeq={1}
        now={now}
        waiting
        queue={{ position: 3, estimatedWaitSeconds: 240 }}
        agentTyping={{ name: '王小明' }}
      />,
    );
    const separators = screen.getAllByRole('separator').map((element) => element.getAttribute('aria-label'));
    expect(separators).toEqual(['昨天', '今天']);
    expect(screen.getByText('Ana Lima 已加入会话').closest('li')).toHaveClass('sbw-system');
    expect(screen.queryByText('Ana Lima joined the conversation')).toBeNull();
    expect(screen.getByText('Old note')).toBeInTheDocument();
    const reply = screen.getByText('您好，我来帮您查一下').closest('li') as HTMLElement;
    expect(within(reply).getByText('王')).toHaveClass('sbw-avatar');
    expect(within(reply).getByText('王小明')).toHaveClass('sbw-sender');
    expect(screen.getByRole('img', { name: '已读' })).toBeInTheDocument();
    expect(screen.getByText('您排在第 3 位')).toBeInTheDocument();
    expect(screen.getByText('预计等待：约 4 分钟')).toBeInTheDocument();
    expect(screen.getByRole('status', { name: '王小明 正在输入' })).toBeInTheDocument();
    expect(screen.getByRole('log', { name: '聊天记录' })).toBeInTheDocument();
  });

  it('says "less than a minute" and "you are next" in Chinese', () => {
    renderInLocale(
      'zh-CN',
      <MessageList messages={[]} pending={[]} agentReadSeq={0} now={now} waiting queue={{ position: 1, estimatedWaitSeconds: 20 }} />,
    );
    expect(screen.getByText('下一位就是您')).toBeInTheDocument();
    expect(screen.getByText('预计等待：不到 1 分钟')).toBeInTheDocument();
  });

  it('names the end button "结束对话" and asks to confirm in Chinese', async () => {
    const onEnd = jest.fn();
    const onConfirm = jest.fn();
    renderInLocale(
      'zh-CN',
      <>
        <Header title="Acme 客服" state="serving" agentName="王小明" agentTyping={false} onEnd={onEnd} onClose={jest.fn()} />
        <EndChatConfirm onConfirm={onConfirm} onCancel={jest.fn()} />
      </>,
    );
    expect(screen.getByText('王小明 · 在线')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '收起聊天' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '结束对话' }));
    expect(onEnd).toHaveBeenCalled();
    expect(screen.getByRole('group', { name: '结束本次对话？' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '确认结束' }));
    expect(onConfirm).toHaveBeenCalled();
  });

  it("asks in Chinese whether the agent's proposal to close may go ahead", async () => {
    const onCancel = jest.fn();
    renderInLocale('zh-CN', <ClosePrompt agentName="王小明" onConfirm={jest.fn()} onCancel={onCancel} />);
    expect(screen.getByText('王小明 想结束本次对话。您的问题解决了吗？')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '已解决，可以结束' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '我还需要帮助' }));
    expect(onCancel).toHaveBeenCalled();
  });

  it('takes a rating in Chinese', async () => {
    const onRate = jest.fn();
    const { unmount } = renderInLocale('zh-CN', <RatingForm rating={null} onRate={onRate} onNewChat={jest.fn()} />);
    expect(screen.getByRole('form', { name: '为本次对话评分' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: '4 星' }));
    expect(screen.getByText('满意')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: '评价内容（选填）' }), '很快，谢谢');
    await userEvent.click(screen.getByRole('button', { name: '提交评价' }));
    expect(onRate).toHaveBeenCalledWith(4, '很快，谢谢');
    unmount();
    renderInLocale('zh-CN', <RatingForm rating={{ score: 5, comment: null }} onRate={jest.fn()} onNewChat={jest.fn()} />);
    expect(screen.getByText('感谢您的评价！')).toBeInTheDocument();
    expect(screen.getByLabelText('您的评分：5 星（满分 5 星）')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '开始新的对话' })).toBeInTheDocument();
  });

  it('ends a link at full-width punctuation', () => {
    const { container } = renderInLocale('zh-CN', <MessageText text="看这里https://example.com/orders/1042，谢谢" />);
    const link = screen.getByRole('link', { name: 'https://example.com/orders/1042' });
    expect(link).toHaveAttribute('href', 'https://example.com/orders/1042');
    expect(container.textContent).toBe('看这里https://example.com/orders/1042，谢谢');
  });

  it('names the emoji in Chinese', async () => {
    renderInLocale('zh-CN', <Composer onSend={jest.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: '表情' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: '表情' })).getByRole('button', { name: '点赞' }));
    expect(screen.getByRole('textbox', { name: '消息' })).toHaveValue('👍');
  });

  it('does not send on the Enter that confirms an input method candidate, and sends once after it', () => {
    const onSend = jest.fn();
    renderInLocale('zh-CN', <Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: '消息' });
    fireEvent.compositionStart(box);
    fireEvent.change(box, { target: { value: '你好' } });
    // Chromium and Firefox mark the confirming keydown isComposing; Safari and older Chromium send keyCode 229.
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue('你好');
    fireEvent.compositionEnd(box, { data: '你好' });
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 13 });
    expect(onSend).toHaveBeenCalledTimes(1);
    expect(onSend).toHaveBeenCalledWith('你好');
    expect(box).toHaveValue('');
  });
});
