import { useEffect, useMemo, type ReactNode } from 'react';
import { createFormatters } from '@switchboard/i18n';
import type { Conversation, CustomerAttributeValue, CustomerProfile, Visitor } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { previewText } from '../conversations/conversation-model';
import { StateBadge } from '../shared/Badges';
import { useConsole } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { useStore } from '../shared/store';
import { useMinuteClock } from './useMinuteClock';
import { describeUserAgent } from './user-agent';
import './profile.css';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** "British English" / "英语（英国）": the visitor's language named in the reader's. */
function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function AttributeValue({ value }: { value: CustomerAttributeValue }) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (typeof value === 'boolean') return <>{t(value ? 'profile.yes' : 'profile.no')}</>;
  if (typeof value === 'number') return <>{format.number(value)}</>;
  return <>{value}</>;
}

/** The customer's clock, in their time zone, written as the reader writes times. */
function LocalTime({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const now = useMinuteClock();
  const { locale } = useFormatters();
  const theirs = useMemo(() => {
    try {
      return createFormatters(locale, timezone);
    } catch {
      return null;
    }
  }, [locale, timezone]);
  if (!theirs) return <>{t('profile.unknown')}</>;
  return (
    <time dateTime={new Date(now).toISOString()}>
      {t('profile.localTimeValue', { time: theirs.time(new Date(now)), zone: timezone })}
    </time>
  );
}

function VisitorRows({ visitor }: { visitor: Visitor | null }) {
  const { t } = useTranslation();
  const { locale } = useFormatters();
  if (!visitor) return <Row label={t('profile.currentPage')}>{t('profile.noPage')}</Row>;
  const agent = visitor.userAgent ? describeUserAgent(visitor.userAgent) : null;
  const browser =
    agent?.browser && agent.os
      ? t('profile.browserOn', { browser: agent.browser, os: agent.os })
      : (agent?.browser ?? agent?.os ?? t('profile.unknown'));
  return (
    <>
      <Row label={t('profile.currentPage')}>
        <a className="profile-page" href={visitor.pageUrl} target="_blank" rel="noopener noreferrer">
          <span className="profile-page-title">{visitor.pageTitle ?? visitor.pageUrl}</span>
          {visitor.pageTitle && <span className="profile-page-url muted">{visitor.pageUrl}</span>}
        </a>
      </Row>
      <Row label={t('profile.referrer')}>
        {visitor.referrer ? (
          <a className="profile-url" href={visitor.referrer} target="_blank" rel="noopener noreferrer">
            {visitor.referrer}
          </a>
        ) : (
          t('profile.noReferrer')
        )}
      </Row>
      <Row label={t('profile.browser')}>
        <span title={visitor.userAgent ?? undefined}>{browser}</span>
      </Row>
      <Row label={t('profile.language')}>
        {visitor.language ? languageName(visitor.language, locale) : t('profile.unknown')}
      </Row>
      <Row label={t('profile.localTime')}>
        {visitor.timezone ? <LocalTime timezone={visitor.timezone} /> : t('profile.unknown')}
      </Row>
    </>
  );
}

function ProfileFacts({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const attributes = Object.entries(customer.attributes);
  return (
    <dl className="facts profile-facts">
      <Row label={t('profile.email')}>
        {customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : t('profile.noEmail')}
      </Row>
      <Row label={t('profile.type')}>
        <span className={`profile-kind ${customer.verified ? 'verified' : 'visitor'}`}>
          {t(customer.verified ? 'profile.kind.verified' : 'profile.kind.visitor')}
        </span>
        {customer.blocked && <span className="profile-blocked">{t('profile.blocked')}</span>}
      </Row>
      <VisitorRows visitor={customer.visitor} />
      <Row label={t('profile.attributes')}>
        {attributes.length === 0 ? (
          t('profile.noAttributes')
        ) : (
          <dl className="profile-attributes" aria-label={t('profile.attributes')}>
            {attributes.map(([key, value]) => (
              <div key={key} className="profile-attribute">
                <dt>{key}</dt>
                <dd>
                  <AttributeValue value={value} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Row>
    </dl>
  );
}

function EarlierConversations({
  conversations,
  onOpen,
}: {
  conversations: Conversation[];
  onOpen: (c: Conversation) => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  if (conversations.length === 0) return <p className="muted profile-none">{t('profile.earlier.none')}</p>;
  return (
    <ul className="earlier-list" aria-label={t('profile.earlier.heading')}>
      {conversations.map((c) => {
        const date = format.clock(c.createdAt);
        return (
          <li key={c.id}>
            <button type="button" className="earlier-row" onClick={() => onOpen(c)}>
              <span className="visually-hidden">{t('profile.earlier.open')} </span>
              <span className="earlier-top">
                <span className="earlier-number">{t('conversation.number', { number: c.number })}</span>
                <StateBadge state={c.artificialType} />
                <span className="muted earlier-date">{date}</span>
              </span>
              <span className="earlier-preview muted">
                {c.lastMessage ? previewText(i18n, c.lastMessage) : t('profile.earlier.noPreview')}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The details panel's profile and history of the open conversation's customer (PROTOCOL section 8). */
export function ProfileSection({
  conversation,
  onOpenEarlier,
}: {
  conversation: Conversation;
  onOpenEarlier: (earlier: Conversation) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const customerId = conversation.customer.id;
  const entry = useStore(workspace.profiles.store, (s) => s.byCustomer[customerId]);
  // Read again for each conversation opened: its history may have grown since.
  useEffect(() => {
    void workspace.profiles.load(customerId);
  }, [workspace, customerId, conversation.id]);
  const earlier = entry?.data?.conversations.filter((c) => c.id !== conversation.id) ?? [];
  return (
    <section className="profile-section" aria-label={t('profile.heading')}>
      <h2 className="section-heading">{t('profile.heading')}</h2>
      {entry?.data ? (
        <ProfileFacts customer={entry.data.customer} />
      ) : (
        <p className="muted profile-none" role={entry?.status === 'failed' ? 'alert' : undefined}>
          {t(entry?.status === 'failed' ? 'profile.failed' : 'profile.loading')}
        </p>
      )}
      <h2 className="section-heading">{t('profile.earlier.heading')}</h2>
      {entry?.data ? <EarlierConversations conversations={earlier} onOpen={onOpenEarlier} /> : null}
    </section>
  );
}
