import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useShortcuts } from './useShortcuts';

function Harness({ handlers }: { handlers: Record<string, () => void> }) {
  useShortcuts(handlers);
  return <textarea aria-label="Message" />;
}

describe('useShortcuts', () => {
  it('runs single-key shortcuts, but not while typing in a field or with a modifier', async () => {
    const grab = jest.fn();
    const next = jest.fn();
    render(<Harness handlers={{ g: grab, j: next }} />);
    await userEvent.keyboard('g');
    await userEvent.keyboard('j');
    expect(grab).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('textbox', { name: 'Message' }));
    await userEvent.keyboard('g');
    expect(grab).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('g');

    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('textbox', { name: 'Message' })).not.toHaveFocus();
    await userEvent.keyboard('{Control>}g{/Control}');
    expect(grab).toHaveBeenCalledTimes(1);
    await userEvent.keyboard('g');
    expect(grab).toHaveBeenCalledTimes(2);
  });
});
