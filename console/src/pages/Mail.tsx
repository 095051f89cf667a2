/**
 * The local runtime's mail sink (`GET /local/mail`): what the system would have mailed to
 * enterprises — received, decided, fair agendas — newest first, optionally for one address. Only
 * in the local runtime (in AWS the mail goes out through SES and there is no such page).
 */
import { type FormEvent, useState } from 'react';
import { useApp } from '../app-context.tsx';
import { LoadError, Loading, TableScroll } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

interface SunkMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
  applicationId?: string;
  messageId: string;
}

/** The newest this page lists (the sink keeps more). */
const SHOWN = 100;

export default function Mail() {
  const ctx = useApp();
  const { t, dateTime } = useI18n();
  const [draft, setDraft] = useState('');
  const [to, setTo] = useState('');
  const mail = useAsync(async () => {
    const query = new URLSearchParams({ limit: String(SHOWN), ...(to ? { to } : {}) });
    const res = await fetch(`${ctx.config.apiBaseUrl}/local/mail?${query}`);
    if (!res.ok) throw new Error(`GET /local/mail: ${res.status}`);
    return ((await res.json()) as { items: SunkMail[] }).items;
  }, [to]);

  function filter(e: FormEvent) {
    e.preventDefault();
    setTo(draft.trim());
  }

  return (
    <section aria-labelledby="mail-title">
      <h1 id="mail-title">{t('mail.title')}</h1>
      <p>{t('mail.intro')}</p>
      <form onSubmit={filter} className="card form">
        <label>
          {t('mail.to')} <input type="email" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={254} />
        </label>
        <button type="submit">{t('common.search')}</button>
        <button type="button" onClick={mail.reload}>
          {t('mail.refresh')}
        </button>
      </form>
      {mail.error ? <LoadError error={mail.error} /> : null}
      {mail.loading && !mail.data ? <Loading /> : null}
      {mail.data && mail.data.length === 0 ? <p>{t('mail.none')}</p> : null}
      {mail.data && mail.data.length > 0 ? (
        <TableScroll label={t('mail.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('mail.sentAt')}</th>
                <th scope="col">{t('mail.to')}</th>
                <th scope="col">{t('mail.subject')}</th>
                <th scope="col">{t('mail.application')}</th>
              </tr>
            </thead>
            <tbody>
              {mail.data.map((m) => (
                <tr key={m.messageId}>
                  <td>{dateTime(m.sentAt)}</td>
                  <td>{m.to}</td>
                  <td>
                    <details>
                      <summary>{m.subject}</summary>
                      <pre className="mail-text">{m.text}</pre>
                    </details>
                  </td>
                  <td>{m.applicationId ? <Link to={`/applications/${m.applicationId}`}>{t('common.open')}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
