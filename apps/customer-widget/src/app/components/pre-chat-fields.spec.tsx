import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PreChatField, WidgetConfig } from '@switchboard/protocol';
import { renderInLocale } from '../../test/render-in-locale';
import { PreChatFields, type PreChatAnswers } from './pre-chat-fields';

const fields: PreChatField[] = [
  { key: 'order', label: 'Order number', type: 'text', required: true },
  { key: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Delivery'], required: false },
];

function Harness({
  teams = [],
  onAnswers,
}: {
  teams?: WidgetConfig['teams'];
  onAnswers?: (a: PreChatAnswers) => void;
}) {
  const [answers, setAnswers] = useState<PreChatAnswers>({ values: {}, teamId: '' });
  return (
    <PreChatFields
      fields={fields}
      teams={teams}
      answers={answers}
      onChange={(next) => {
        setAnswers(next);
        onAnswers?.(next);
      }}
      problems={[{ field: 'fields.order', code: 'required' }]}
    />
  );
}

describe('PreChatFields', () => {
  it('shows the fields with their problems tied to them, and no team choice without teams', () => {
    render(<Harness />);
    const order = screen.getByRole('textbox', { name: 'Order number' });
    expect(order).toBeRequired();
    expect(order).toHaveAttribute('aria-invalid', 'true');
    expect(order).toHaveAccessibleDescription('Please fill in Order number.');
    expect(screen.getByRole('combobox', { name: 'Topic (optional)' })).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('combobox', { name: 'Team' })).toBeNull();
  });

  it('offers the teams when there are some, and gives the chosen one with the answers', async () => {
    const onAnswers = jest.fn();
    render(
      <Harness
        teams={[
          { id: 't-sales', name: 'Sales' },
          { id: 't-support', name: 'Support' },
        ]}
        onAnswers={onAnswers}
      />,
    );
    const team = screen.getByRole('combobox', { name: 'Team' });
    expect([...team.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Any team',
      'Sales',
      'Support',
    ]);
    await userEvent.selectOptions(team, 'Support');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Topic (optional)' }), 'Delivery');
    expect(onAnswers).toHaveBeenLastCalledWith({ teamId: 't-support', values: { topic: 'Delivery' } });
  });

  it('names the team choice 部门 in Chinese', () => {
    renderInLocale('zh-CN', <Harness teams={[{ id: 't1', name: '售前' }]} />);
    expect(screen.getByRole('combobox', { name: '部门' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Order number' })).toHaveAccessibleDescription(
      '请填写Order number。',
    );
  });
});
