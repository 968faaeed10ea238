import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Attachment } from '@switchboard/protocol';
import { AttachmentSourceContext, FileAttachment, type AttachmentSource } from './attachment-view';

const invoice: Attachment = { id: 'a1', name: 'invoice.pdf', mime: 'application/pdf', size: 2048, md5: 'x', url: '/api/attachments/a1' };

describe('FileAttachment', () => {
  it('downloads from a fresh signed URL on each click, without fetching the bytes into the page', async () => {
    const signed = 'http://gateway.test/api/attachments/a1/signed?expires=1&signature=s';
    const source: AttachmentSource = {
      blob: jest.fn(() => Promise.reject(new Error('files are not fetched as blobs'))),
      link: jest.fn(() => Promise.resolve({ url: signed, expiresAt: new Date().toISOString() })),
    };
    const clicked: HTMLAnchorElement[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      render(
        <AttachmentSourceContext.Provider value={source}>
          <FileAttachment attachment={invoice} />
        </AttachmentSourceContext.Provider>,
      );
      const link = screen.getByRole('button', { name: /invoice\.pdf/ });
      await userEvent.click(link);
      await userEvent.click(link);
      await waitFor(() => expect(clicked).toHaveLength(2));
      expect(clicked.map((a) => [a.href, a.download])).toEqual([
        [signed, 'invoice.pdf'],
        [signed, 'invoice.pdf'],
      ]);
      expect(source.link).toHaveBeenCalledTimes(2);
      expect(source.blob).not.toHaveBeenCalled();
    } finally {
      click.mockRestore();
    }
  });

  it('says the file is unavailable when no link can be had', async () => {
    const source: AttachmentSource = { blob: jest.fn(), link: jest.fn(() => Promise.reject(new Error('forbidden'))) };
    render(
      <AttachmentSourceContext.Provider value={source}>
        <FileAttachment attachment={invoice} />
      </AttachmentSourceContext.Provider>,
    );
    await userEvent.click(screen.getByRole('button', { name: /invoice\.pdf/ }));
    expect(await screen.findByText('unavailable')).toBeInTheDocument();
  });
});
