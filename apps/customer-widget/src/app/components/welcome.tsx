import type { Profile } from '../chat/chat-store';

export interface WelcomeProps {
  title: string;
  /** Shows the optional name and e-mail fields of the pre-chat form. */
  askProfile: boolean;
  profile: Profile;
  onProfileChange: (profile: Profile) => void;
}

/** The start of a new chat: a greeting and, if the host page asked for it, who the customer is. */
export function Welcome({ title, askProfile, profile, onProfileChange }: WelcomeProps) {
  return (
    <section className="sbw-welcome" aria-label="Welcome">
      <p className="sbw-welcome-hello">
        Hi there <span aria-hidden="true">👋</span>
      </p>
      <p className="sbw-welcome-text">
        Questions about your order, billing or anything else? Write to the {title} team below; we usually
        reply within a few minutes.
      </p>
      {askProfile && (
        <fieldset className="sbw-prechat">
          <legend>Tell us who you are (optional)</legend>
          <label>
            <span>Your name</span>
            <input
              type="text"
              autoComplete="name"
              maxLength={80}
              value={profile.name ?? ''}
              onChange={(event) => onProfileChange({ ...profile, name: event.target.value })}
            />
          </label>
          <label>
            <span>Email</span>
            <input
              type="email"
              autoComplete="email"
              maxLength={254}
              value={profile.email ?? ''}
              onChange={(event) => onProfileChange({ ...profile, email: event.target.value })}
            />
          </label>
        </fieldset>
      )}
    </section>
  );
}
