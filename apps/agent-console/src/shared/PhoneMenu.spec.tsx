import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithWorkspace } from '../test-utils';
import { PhoneMenu } from './PhoneMenu';

function renderMenu(locale: 'en' | 'zh-CN' = 'en') {
  return renderWithWorkspace(
    <>
      <button type="button">Outside</button>
      <PhoneMenu>
        <input aria-label="Search" />
        <button type="button">Sign out</button>
      </PhoneMenu>
    </>,
    undefined,
    undefined,
    { locale },
  );
}

describe('PhoneMenu', () => {
  it('is a disclosure: opens on its button with focus inside, Escape closes it and gives focus back', async () => {
    renderMenu();
    const button = screen.getByRole('button', { name: 'Menu' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('group', { name: 'Menu' })).toBeNull(); // hidden
    expect(document.getElementById(button.getAttribute('aria-controls')!)).not.toBeNull();

    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('group', { name: 'Menu' })).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveFocus();

    await userEvent.keyboard('{Escape}');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();
  });

  it('opens and closes from the keyboard, and closes on a press outside or when a conversation opens', async () => {
    const { workspace } = renderMenu();
    const button = screen.getByRole('button', { name: 'Menu' });
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Outside' }));
    expect(button).toHaveAttribute('aria-expanded', 'false');

    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    act(() => workspace.select('c1'));
    expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('is named in Chinese', () => {
    renderMenu('zh-CN');
    expect(screen.getByRole('button', { name: '菜单' })).toBeInTheDocument();
  });
});
