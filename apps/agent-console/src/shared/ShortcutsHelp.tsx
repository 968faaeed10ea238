import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { SHORTCUTS } from './useShortcuts';

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <dl className="shortcuts dialog-body">
        {SHORTCUTS.map((s) => (
          <div key={s.keys} className="shortcut">
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{t(`shortcuts.${s.what}`)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
