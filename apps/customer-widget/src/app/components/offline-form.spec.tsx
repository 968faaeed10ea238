import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_OFFLINE_MESSAGE } from '@switchboard/protocol';
import { renderInLocale } from '../../test/render-in-locale';
import { OfflineForm } from './offline-form';

describe('OfflineForm', () => {
  it('refuses a missing email and message inline, tied to the fields, and sends nothing', async () => {
    const onSubmit = jest.fn().mockResolvedValue(null);
    render(<OfflineForm offlineMessage="Back Monday 9:00." busy={false} onSubmit={onSubmit} />);
    expect(screen.getByRole('heading', { name: 'Leave a message' })).toBeInTheDocument();
    expect(screen.getByText('Back Monday 9:00.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    const email = screen.getByRole('textbox', { name: 'Email' });
    const message = screen.getByRole('textbox', { name: 'Your message' });
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Please enter your email address so we can reply.');
    expect(message).toHaveAccessibleDescription('Please write your message.');
    expect(email).toHaveFocus();
    await userEvent.type(email, 'dana@');
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(email).toHaveAccessibleDescription('Please enter a valid email address, like name@example.com.');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends name, email and message, trimmed', async () => {
    const onSubmit = jest.fn().mockResolvedValue(null);
    render(<OfflineForm offlineMessage={DEFAULT_OFFLINE_MESSAGE} busy={false} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Your name (optional)' }), ' Dana ');
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'dana@example.com');
    await userEvent.type(screen.getByRole('textbox', { name: 'Your message' }), 'Where is my order? ');
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Dana',
      email: 'dana@example.com',
      text: 'Where is my order?',
    });
  });

  it("shows the gateway's refusal at the field", async () => {
    const onSubmit = jest.fn().mockResolvedValue([{ field: 'email', code: null }]);
    render(<OfflineForm offlineMessage={DEFAULT_OFFLINE_MESSAGE} busy={false} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'dana@example.com');
    await userEvent.type(screen.getByRole('textbox', { name: 'Your message' }), 'Hello');
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(
      await screen.findByText('Please enter a valid email address, like name@example.com.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('speaks Chinese, the default offline message included', async () => {
    renderInLocale(
      'zh-CN',
      <OfflineForm offlineMessage={DEFAULT_OFFLINE_MESSAGE} busy={false} onSubmit={jest.fn()} />,
    );
    expect(screen.getByRole('heading', { name: '给我们留言' })).toBeInTheDocument();
    expect(screen.getByText('我们暂时不在线。请留言，我们会通过邮件回复您。')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '发送留言' }));
    expect(screen.getByRole('textbox', { name: '邮箱' })).toHaveAccessibleDescription(
      '请填写邮箱，以便我们回复您。',
    );
  });
});
