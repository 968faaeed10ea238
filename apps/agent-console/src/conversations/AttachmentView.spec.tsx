import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Attachment } from '@switchboard/protocol';
import { FakeClient, renderWithWorkspace } from '../test-utils';
import { AttachmentView } from './AttachmentView';

const report: Attachment = { id: 'a9', name: 'report.csv', mime: 'text/csv', size: 3000, md5: 'x', url: '/api/attachments/a9' };

describe('AttachmentView', () => {
  it('downloads a file from a signed URL asked for on the click, not as a blob', async () => {
    const client = new FakeClient();
    const links = jest.spyOn(client, 'attachmentLink');
    const blobs = jest.spyOn(client, 'fetchAttachment');
    const hrefs: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      hrefs.push(`${this.download} ${this.href}`);
    });
    try {
      renderWithWorkspace(<AttachmentView attachment={report} />, client);
      await userEvent.click(screen.getByRole('button', { name: /report\.csv/ }));
      await waitFor(() => expect(hrefs).toEqual(['report.csv http://gateway.test/api/attachments/a1/signed?expires=0&signature=test']));
      expect(links).toHaveBeenCalledWith(report);
      expect(blobs).not.toHaveBeenCalled();
    } finally {
      click.mockRestore();
    }
  });
});
