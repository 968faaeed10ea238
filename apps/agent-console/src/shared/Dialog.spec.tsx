import { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Dialog } from './Dialog';

/** A page with an opener, a dialog with a field, and a confirmation that can be stacked on it. */
function Page() {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog title="Edit note" onClose={() => setOpen(false)}>
          <label>
            Note
            <input />
          </label>
          <button type="button" onClick={() => setConfirming(true)}>
            Delete…
          </button>
          {confirming && (
            <Dialog title="Delete the note?" size="small" onClose={() => setConfirming(false)}>
              <button type="button">Delete</button>
            </Dialog>
          )}
        </Dialog>
      )}
    </>
  );
}

async function openDialog() {
  render(<Page />);
  await userEvent.click(screen.getByRole('button', { name: 'Open' }));
  return screen.getByRole('dialog', { name: 'Edit note' });
}

describe('Dialog', () => {
  it('is a native modal <dialog> named by its title, with focus on its first field', async () => {
    const dialog = await openDialog();
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog).toHaveAttribute('open');
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveFocus();
  });

  it('closes on Escape and on a press on its backdrop, giving focus back to the opener', async () => {
    let dialog = await openDialog();
    await userEvent.keyboard('{Escape}');
    expect(dialog).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    dialog = screen.getByRole('dialog', { name: 'Edit note' });
    fireEvent.mouseDown(dialog); // the ::backdrop is the <dialog> element itself as a target
    expect(dialog).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();
  });

  it('stacks a confirmation: Escape closes only the top one, and Tab cycles inside it', async () => {
    const dialog = await openDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete the note?' });
    const closeConfirm = within(confirm).getByRole('button', { name: 'Close dialog' });
    // No field: focus starts on its first button (the ×), and Tab goes round its own two buttons only.
    expect(closeConfirm).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Delete' })).toHaveFocus();
    await userEvent.tab();
    expect(closeConfirm).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Delete' })).toHaveFocus();

    await userEvent.keyboard('{Escape}');
    expect(confirm).not.toBeInTheDocument();
    expect(dialog).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete…' })).toHaveFocus();
  });
});
