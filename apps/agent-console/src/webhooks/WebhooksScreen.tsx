import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  WEBHOOK_EVENTS,
  WEBHOOK_LIMITS,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
} from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useFormatters } from '../shared/i18n';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from './webhook-api';
import './webhooks.css';

const LOG_REFRESH_MS = 5000;

function NewWebhookForm({ onAdded }: { onAdded: (webhook: Webhook) => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => WEBHOOK_EVENTS.filter((e) => (e === event ? on : current.includes(e))));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const webhook = await createWebhook(workspace.client, { url: url.trim(), events, secret });
      showToast(t('webhooks.created', { url: webhook.url }));
      setUrl('');
      setSecret('');
      onAdded(webhook);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section className="card" id="new-webhook-heading" title={t('webhooks.newWebhook')}>
      <form className="webhook-form" onSubmit={(e) => void submit(e)}>
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
  const { workspace } = useConsole();
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      listDeliveries(workspace.client, webhook.id).then(
        (list) => {
          setDeliveries(list);
          setError(null);
        },
        (failure: unknown) => setError(errorText(failure)),
      ),
    [workspace, webhook.id],
  );
  useEffect(() => {
    void reload();
    // the log fills as deliveries are made: read it again while it is shown
    const timer = setInterval(() => void reload(), LOG_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <Section
      className="card"
      id="webhook-log-heading"
      title={t('webhooks.logTitle')}
      count={deliveries?.length}
    >
      <div className="webhook-log-actions">
        <p className="webhook-url">{webhook.url}</p>
        <button type="button" className="button small" onClick={() => void reload()}>
          {t('webhooks.refresh')}
        </button>
      </div>
      <FormError error={error} />
      {deliveries?.length === 0 && <p className="empty">{t('webhooks.noDeliveries')}</p>}
      {deliveries && deliveries.length > 0 && (
        <table className="data-table webhook-log" aria-label={t('webhooks.logTable', { url: webhook.url })}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.when')}</th>
              <th scope="col">{t('webhooks.eventColumn')}</th>
              <th scope="col">{t('webhooks.status')}</th>
              <th scope="col">{t('webhooks.attempts')}</th>
              <th scope="col">{t('webhooks.responseTime')}</th>
              <th scope="col">{t('webhooks.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td className="muted">{format.clock(d.createdAt)}</td>
                <td>
                  <code>{d.event}</code>
                </td>
                <td>
                  <span className={`delivery-status ${d.status}`}>{t(`webhooks.state.${d.status}`)}</span>
                </td>
                <td>{d.attempts}</td>
                <td>{d.responseTimeMs === null ? '—' : t('webhooks.ms', { ms: d.responseTimeMs })}</td>
                <td className="webhook-error">{d.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** Supervisors: the webhooks (add with url, events and secret; delete after confirming) and each one's delivery log. */
export function WebhooksScreen() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const reload = useCallback(
    () =>
      listWebhooks(workspace.client).then(
        (list) => {
          setWebhooks(list);
          setError(null);
        },
        (failure: unknown) => setError(errorText(failure)),
      ),
    [workspace],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <main className="supervisor webhooks-screen" aria-labelledby="webhooks-title">
      <h1 id="webhooks-title" className="visually-hidden">
        {t('webhooks.screenTitle')}
      </h1>
      <div className="supervisor-main">
        <Section
          className="card"
          id="webhook-list-heading"
          title={t('webhooks.listTitle')}
          count={webhooks?.length}
        >
          <FormError error={error} />
          {webhooks?.length === 0 && <p className="empty">{t('webhooks.none')}</p>}
          {webhooks && webhooks.length > 0 && (
            <table className="data-table" aria-labelledby="webhook-list-heading">
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.url')}</th>
                  <th scope="col">{t('webhooks.events')}</th>
                  <th scope="col">{t('webhooks.added')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('webhooks.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.id} aria-label={w.url} className={shown?.id === w.id ? 'selected' : undefined}>
                    <td className="webhook-url">{w.url}</td>
                    <td>
                      <ul className="webhook-event-list">
                        {w.events.map((e) => (
                          <li key={e}>
                            <code>{e}</code>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="muted">{format.clock(w.createdAt)}</td>
                    <td className="actions">
                      <div className="webhook-actions">
                        <button
                          type="button"
                          className="button small"
                          aria-pressed={shown?.id === w.id}
                          aria-label={t('webhooks.showLogLabel', { url: w.url })}
                          onClick={() => setShown(w)}
                        >
                          {t('webhooks.showLog')}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          aria-label={t('webhooks.deleteLabel', { url: w.url })}
                          onClick={() => setDeleting(w)}
                        >
                          {t('webhooks.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        {shown && <DeliveryLog key={shown.id} webhook={shown} />}
      </div>
      <div className="supervisor-side">
        <NewWebhookForm onAdded={() => void reload()} />
      </div>
      {deleting && (
        <ConfirmDelete
          webhook={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            if (shown?.id === deleting.id) setShown(null);
            setDeleting(null);
            void reload();
          }}
        />
      )}
    </main>
  );
}
