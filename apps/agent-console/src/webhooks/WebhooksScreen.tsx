import { useCallback, useEffect, useState } from 'react';
import {
  WEBHOOK_EVENTS,
  WEBHOOK_LIMITS,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
} from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import type { ConsoleClient } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { AdminScreen } from '../shared/AdminScreen';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DataListSection, RowButton } from '../shared/DataListSection';
import { useFormatters } from '../shared/i18n';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { useFormSubmit } from '../shared/useFormSubmit';
import { useLoadedList } from '../shared/useLoadedList';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from './webhook-api';
import './webhooks.css';

const LOG_REFRESH_MS = 5000;

function NewWebhookForm({ onAdded }: { onAdded: (webhook: Webhook) => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);

  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => WEBHOOK_EVENTS.filter((e) => (e === event ? on : current.includes(e))));

  const { busy, error, onSubmit } = useFormSubmit(async () => {
    const webhook = await createWebhook(workspace.client, { url: url.trim(), events, secret });
    showToast(t('webhooks.created', { url: webhook.url }));
    setUrl('');
    setSecret('');
    onAdded(webhook);
  });

  return (
    <Section className="card" id="new-webhook-heading" title={t('webhooks.newWebhook')}>
      <form className="webhook-form" onSubmit={onSubmit}>
        <label className="field">
          {t('webhooks.url')}
          <input
            type="url"
            required
            maxLength={WEBHOOK_LIMITS.urlMaxLength}
            placeholder={t('webhooks.urlPlaceholder')}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <fieldset className="webhook-events">
          <legend>{t('webhooks.events')}</legend>
          {WEBHOOK_EVENTS.map((name) => (
            <label key={name} className="webhook-event">
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) => toggle(name, e.target.checked)}
              />
              <span>{t(`webhooks.event.${name.replace('.', '_')}`)}</span>
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
        <label className="field">
          {t('webhooks.secret')}
          <input
            type="password"
            required
            autoComplete="new-password"
            minLength={WEBHOOK_LIMITS.secretMinLength}
            maxLength={WEBHOOK_LIMITS.secretMaxLength}
            aria-describedby="webhook-secret-hint"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </label>
        <p id="webhook-secret-hint" className="muted hint">
          {t('webhooks.secretHint', { min: WEBHOOK_LIMITS.secretMinLength })}
        </p>
        <FormError error={error} />
        <button
          type="submit"
          className="button primary"
          disabled={
            busy || !url.trim() || events.length === 0 || secret.length < WEBHOOK_LIMITS.secretMinLength
          }
        >
          {t('webhooks.add')}
        </button>
      </form>
    </Section>
  );
}

function ConfirmDelete({
  webhook,
  onClose,
  onDeleted,
}: {
  webhook: Webhook;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  return (
    <ConfirmDialog
      title={t('webhooks.deleteTitle')}
      detail={<p className="webhook-url">{webhook.url}</p>}
      explanation={t('webhooks.deleteExplanation')}
      confirmLabel={t('webhooks.delete')}
      doneMessage={t('webhooks.deleted', { url: webhook.url })}
      run={() => deleteWebhook(workspace.client, webhook.id)}
      onDone={onDeleted}
      onClose={onClose}
    />
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const load = useCallback((client: ConsoleClient) => listDeliveries(client, webhook.id), [webhook.id]);
  const { items: deliveries, error, reload } = useLoadedList<WebhookDelivery>(load);
  useEffect(() => {
    // the log fills as deliveries are made: read it again while it is shown
    const timer = setInterval(() => void reload(), LOG_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <DataListSection
      id="webhook-log-heading"
      title={t('webhooks.logTitle')}
      items={deliveries}
      error={error}
      empty={t('webhooks.noDeliveries')}
      tableClassName="webhook-log"
      tableLabel={t('webhooks.logTable', { url: webhook.url })}
      rowKey={(d) => d.id}
      columns={[
        { header: t('webhooks.when'), className: 'muted', cell: (d) => format.clock(d.createdAt) },
        { header: t('webhooks.eventColumn'), cell: (d) => <code>{d.event}</code> },
        {
          header: t('webhooks.status'),
          cell: (d) => (
            <span className={`delivery-status ${d.status}`}>{t(`webhooks.state.${d.status}`)}</span>
          ),
        },
        { header: t('webhooks.attempts'), cell: (d) => d.attempts },
        {
          header: t('webhooks.responseTime'),
          cell: (d) => (d.responseTimeMs === null ? '—' : t('webhooks.ms', { ms: d.responseTimeMs })),
        },
        { header: t('webhooks.lastError'), className: 'webhook-error', cell: (d) => d.lastError ?? '—' },
      ]}
    >
      <div className="webhook-log-actions">
        <p className="webhook-url">{webhook.url}</p>
        <button type="button" className="button small" onClick={() => void reload()}>
          {t('webhooks.refresh')}
        </button>
      </div>
    </DataListSection>
  );
}

/** Supervisors: the webhooks (add with url, events and secret; delete after confirming) and each one's delivery log. */
export function WebhooksScreen() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { items: webhooks, error, reload } = useLoadedList(listWebhooks);
  const [shown, setShown] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);

  return (
    <AdminScreen
      className="webhooks-screen"
      titleId="webhooks-title"
      title={t('webhooks.screenTitle')}
      side={<NewWebhookForm onAdded={() => void reload()} />}
      overlays={
        deleting && (
          <ConfirmDelete
            webhook={deleting}
            onClose={() => setDeleting(null)}
            onDeleted={() => {
              if (shown?.id === deleting.id) setShown(null);
              setDeleting(null);
              void reload();
            }}
          />
        )
      }
    >
      <DataListSection
        id="webhook-list-heading"
        title={t('webhooks.listTitle')}
        items={webhooks}
        error={error}
        empty={t('webhooks.none')}
        rowKey={(w) => w.id}
        rowLabel={(w) => w.url}
        rowClassName={(w) => (shown?.id === w.id ? 'selected' : undefined)}
        columns={[
          { header: t('webhooks.url'), className: 'webhook-url', cell: (w) => w.url },
          {
            header: t('webhooks.events'),
            cell: (w) => (
              <ul className="webhook-event-list">
                {w.events.map((e) => (
                  <li key={e}>
                    <code>{e}</code>
                  </li>
                ))}
              </ul>
            ),
          },
          { header: t('webhooks.added'), className: 'muted', cell: (w) => format.clock(w.createdAt) },
        ]}
        actions={{
          label: t('webhooks.actions'),
          cell: (w) => (
            <div className="webhook-actions">
              <RowButton
                label={t('webhooks.showLogLabel', { url: w.url })}
                pressed={shown?.id === w.id}
                onClick={() => setShown(w)}
              >
                {t('webhooks.showLog')}
              </RowButton>
              <RowButton label={t('webhooks.deleteLabel', { url: w.url })} onClick={() => setDeleting(w)}>
                {t('webhooks.delete')}
              </RowButton>
            </div>
          ),
        }}
      />
      {shown && <DeliveryLog key={shown.id} webhook={shown} />}
    </AdminScreen>
  );
}
