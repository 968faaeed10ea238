import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { SHORTCUTS } from './useShortcuts';

/** A shortcut's own catalogue key when it has one (a slice's section), else its entry under `shortcuts.`. */
const descriptionKey = (s: (typeof SHORTCUTS)[number]) => ('label' in s ? s.label : `shortcuts.${s.what}`);

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
            <dd>{t(descriptionKey(s))}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
