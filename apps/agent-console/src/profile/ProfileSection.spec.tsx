import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CustomerProfileResponse, Visitor } from '@switchboard/protocol';
import { DetailsPanel } from '../conversations/DetailsPanel';
import { conversation, FakeClient, ME, renderWithWorkspace } from '../test-utils';
import { describeUserAgent } from './user-agent';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36';
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15';

const visitor: Visitor = {
  pageUrl: 'https://shop.example.com/checkout',
  pageTitle: 'Checkout',
  referrer: 'https://search.example.org/?q=shoes',
  userAgent: CHROME_WINDOWS,
  language: 'en-GB',
  timezone: 'Asia/Tokyo',
  updatedAt: new Date().toISOString(),
};

function setup(locale: 'en' | 'zh-CN' = 'en') {
  const current = conversation({
    id: 'c-now',
    number: 12,
    artificialType: 'serving',
    agentId: ME.id,
    customer: { id: 'cust-1', name: 'Dana', type: 'premium', email: 'dana@example.com' },
  });
  const old = conversation({
    id: 'c-old',
    number: 3,
    artificialType: 'closed',
    customer: current.customer,
    lastMessage: {
      seq: 4,
      preview: 'Thanks, that fixed it',
      senderType: 'customer',
      at: new Date().toISOString(),
    },
  });
  const profile: CustomerProfileResponse = {
    customer: {
      id: 'cust-1',
      name: 'Dana',
      email: 'dana@example.com',
      type: 'premium',
      attributes: { plan: 'gold', seats: 12, trial: false },
      visitor,
      blocked: false,
      createdAt: new Date().toISOString(),
      verified: false,
    },
    conversations: [current, old],
  };
  const client = new FakeClient();
  client.apiAnswers['/api/customers/cust-1'] = profile;
  const onOpenEarlier = jest.fn();
  const rendered = renderWithWorkspace(
    <DetailsPanel conversation={current} onOpenEarlier={onOpenEarlier} />,
    client,
    ME,
    { locale },
  );
  return { ...rendered, onOpenEarlier, old };
}

describe('the profile in the details panel', () => {
  it('shows email, type, attributes, the page, referrer, browser, language and local time', async () => {
    setup();
    const profile = await screen.findByRole('region', { name: 'Profile' });
    await within(profile).findByText('dana@example.com');
    expect(within(profile).getByText('Visitor')).toBeInTheDocument();
    const page = within(profile).getByRole('link', { name: /Checkout/ });
    expect(page).toHaveAttribute('href', visitor.pageUrl);
    expect(page).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(profile).getByText('Chrome 120 on Windows')).toBeInTheDocument();
    expect(within(profile).getByText('British English')).toBeInTheDocument();
    expect(within(profile).getByText(/\(Asia\/Tokyo\)$/)).toBeInTheDocument();
    expect(within(profile).getByText('plan')).toBeInTheDocument();
    expect(within(profile).getByText('gold')).toBeInTheDocument();
    expect(within(profile).getByText('No')).toBeInTheDocument();
  });

  it('follows visitor.updated live', async () => {
    const { client } = setup();
    const profile = await screen.findByRole('region', { name: 'Profile' });
    await within(profile).findByRole('link', { name: /Checkout/ });
    act(() =>
      client.emit('visitor.updated', {
        customerId: 'cust-1',
        visitor: { ...visitor, pageUrl: 'https://shop.example.com/thanks', pageTitle: 'Thank you' },
      }),
    );
    expect(within(profile).getByRole('link', { name: /Thank you/ })).toHaveAttribute(
      'href',
      'https://shop.example.com/thanks',
    );
  });

  it('lists the other conversations, and a click opens one', async () => {
    const { onOpenEarlier, old } = setup();
    const list = await screen.findByRole('list', { name: 'Earlier conversations' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(1); // not the one on screen
    expect(within(items[0]).getByText('Thanks, that fixed it')).toBeInTheDocument();
    await userEvent.click(
      within(items[0]).getByRole('button', { name: /^Open read-only: #3 Closed .+ Thanks, that fixed it$/ }),
    );
    expect(onOpenEarlier).toHaveBeenCalledWith(old);
  });

  it('speaks Chinese', async () => {
    setup('zh-CN');
    const profile = await screen.findByRole('region', { name: '客户资料' });
    await within(profile).findByText('Windows 上的 Chrome 120');
    expect(within(profile).getByText('访客')).toBeInTheDocument();
    expect(within(profile).getByText('英国英语')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: '历史会话' })).toBeInTheDocument();
  });
});

describe('describeUserAgent', () => {
  it('names the browser with its major version and the system', () => {
    expect(describeUserAgent(CHROME_WINDOWS)).toEqual({ browser: 'Chrome 120', os: 'Windows' });
    expect(describeUserAgent(SAFARI_MAC)).toEqual({ browser: 'Safari 17', os: 'macOS' });
    expect(describeUserAgent('')).toEqual({ browser: null, os: null });
  });
});
