import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RatingForm } from './rating-form';

describe('RatingForm', () => {
  it('needs a score before it can be sent, then sends the score and the comment', async () => {
    const onRate = jest.fn();
    render(<RatingForm rating={null} onRate={onRate} onNewChat={jest.fn()} />);
    const send = screen.getByRole('button', { name: 'Send rating' });
    expect(send).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: '4 stars' }));
    expect(screen.getByRole('radio', { name: '4 stars' })).toHaveAttribute('aria-checked', 'true');
    await userEvent.type(screen.getByRole('textbox', { name: 'Comment (optional)' }), 'Quick and kind');
    await userEvent.click(send);
    expect(onRate).toHaveBeenCalledWith(4, 'Quick and kind');
  });

  it('is one tab stop whose arrow keys move between the stars and choose', async () => {
    render(<RatingForm rating={null} onRate={jest.fn()} onNewChat={jest.fn()} />);
    await userEvent.tab();
    expect(screen.getByRole('radio', { name: '1 star' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    const four = screen.getByRole('radio', { name: '4 stars' });
    expect(four).toHaveFocus();
    expect(four).toHaveAttribute('aria-checked', 'true');
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('radio', { name: '3 stars' })).toHaveAttribute('aria-checked', 'true');
    await userEvent.tab();
    expect(screen.getByRole('textbox', { name: 'Comment (optional)' })).toHaveFocus();
  });

  it('thanks the customer once rated and offers a new chat', async () => {
    const onNewChat = jest.fn();
    render(<RatingForm rating={{ score: 5, comment: null }} onRate={jest.fn()} onNewChat={onNewChat} />);
    expect(screen.getByText('Thanks for your feedback!')).toBeInTheDocument();
    expect(screen.getByLabelText('You rated 5 out of 5')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send rating' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Start a new chat' }));
    expect(onNewChat).toHaveBeenCalled();
  });
});
