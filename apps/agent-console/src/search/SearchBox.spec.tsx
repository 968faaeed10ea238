import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SearchResponse } from '@switchboard/protocol';
import { conversation, FakeClient, renderWithWorkspace } from '../test-utils';
import { SearchBox } from './SearchBox';

const c7 = conversation({ id: 'c7', number: 7, artificialType: 'closed', customer: { id: 'u7', name: 'Wang Refundson', type: null } });
const c3 = conversation({ id: 'c3', number: 3, customer: { id: 'u3', name: '王小明', type: null } });
const ANSWER: SearchResponse = {
  results: [
    { conversation: c7, matches: [] },
    { conversation: c3, matches: [{ seq: 2, snippet: '我想申请退款，谢谢' }, { seq: 9, snippet: '退款到账了吗' }] },
  ],
};

function setup(locale: 'en' | 'zh-CN' = 'en') {
  const client = new FakeClient();
  client.apiAnswers['/api/search?q=%E9%80%80%E6%AC%BE&limit=20'] = ANSWER;
  client.apiAnswers['/api/search?q=nothing&limit=20'] = { results: [] };
  client.conversations = { c3, c7 };
  const view = renderWithWorkspace(<SearchBox />, client, undefined, { locale });
  return { ...view, client };
}

describe('the search box', () => {
  it('is focused by / outside a field and by Ctrl+K or Cmd+K anywhere, not by / inside a field', async () => {
    setup();
    const box = screen.getByRole('combobox', { name: 'Search' });
    fireEvent.keyDown(document.body, { key: '/' });
    expect(box).toHaveFocus();
    act(() => box.blur());
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(box).toHaveFocus();
    act(() => box.blur());
    fireEvent.keyDown(document.body, { key: 'K', metaKey: true });
    expect(box).toHaveFocus();
    act(() => box.blur());
    const other = document.createElement('textarea');
    document.body.append(other);
    other.focus();
    fireEvent.keyDown(other, { key: '/' });
    expect(other).toHaveFocus();
    other.remove();
  });

  it('lists results with number, name, state and highlighted snippets; arrows and Enter open one at its match', async () => {
    const { workspace, client } = setup();
    const box = screen.getByRole('combobox', { name: 'Search' });
    await userEvent.type(box, '退款');
    const list = await screen.findByRole('listbox', { name: 'Search results' });
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveTextContent('#7');
    expect(options[0]).toHaveTextContent('Closed');
    expect(options[0]).toHaveTextContent('The customer’s name or email matches');
    expect([...options[1].querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['退款', '退款']);
    expect(options[1]).toHaveTextContent('我想申请退款，谢谢');
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', options[0].id);
    expect(list).toBeInTheDocument();
    await userEvent.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[1].id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(workspace.store.get().selectedId).toBe('c3'));
    expect(workspace.search.store.get().jump).toEqual({ conversationId: 'c3', seq: 2 });
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(client.apiCalls.filter((c) => c.path.startsWith('/api/search'))).toHaveLength(1);
  });

  it('Escape closes the list first and keeps the query; a query nothing matches says so', async () => {
    setup();
    const box = screen.getByRole('combobox', { name: 'Search' });
    await userEvent.type(box, '退款');
    await screen.findByRole('listbox', { name: 'Search results' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(box).toHaveValue('退款');
    await userEvent.clear(box);
    await userEvent.type(box, 'nothing');
    expect(await screen.findByText('No conversation matches “nothing”')).toBeInTheDocument();
  });

  it('speaks Chinese', async () => {
    setup('zh-CN');
    const box = screen.getByRole('combobox', { name: '搜索' });
    await userEvent.type(box, 'nothing');
    expect(await screen.findByText('没有与“nothing”匹配的会话')).toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, '退款');
    expect(await screen.findByRole('listbox', { name: '搜索结果' })).toBeInTheDocument();
    expect(screen.getAllByRole('option')[0]).toHaveTextContent('已结束');
  });
});
