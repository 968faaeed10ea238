import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Profile } from '../chat/chat-store';
import { Welcome, emailLooksValid } from './welcome';

function PrechatHarness({ onProfile }: { onProfile: (profile: Profile) => void }) {
  const [profile, setProfile] = useState<Profile>({});
  return (
    <Welcome
      title="Acme support"
      askProfile
      profile={profile}
      onProfileChange={(next) => {
        setProfile(next);
        onProfile(next);
      }}
      emailError={!emailLooksValid(profile.email)}
    />
  );
}

describe('Welcome', () => {
  it('greets without asking anything unless the pre-chat form is on', () => {
    render(<Welcome title="Acme support" askProfile={false} profile={{}} onProfileChange={jest.fn()} />);
    expect(screen.getByText(/Write to the Acme support team/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Your name' })).toBeNull();
  });

  it('collects an optional name and e-mail and flags an implausible e-mail', async () => {
    const onProfile = jest.fn();
    render(<PrechatHarness onProfile={onProfile} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Your name' }), 'Dana');
    const email = screen.getByRole('textbox', { name: 'Email' });
    await userEvent.type(email, 'dana@');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Please check your email address');
    await userEvent.type(email, 'example.com');
    expect(email).not.toHaveAttribute('aria-invalid');
    expect(onProfile).toHaveBeenLastCalledWith({ name: 'Dana', email: 'dana@example.com' });
  });

  it('accepts an empty e-mail', () => {
    expect(emailLooksValid(undefined)).toBe(true);
    expect(emailLooksValid('  ')).toBe(true);
    expect(emailLooksValid('a@b.co')).toBe(true);
    expect(emailLooksValid('not an email')).toBe(false);
  });
});
