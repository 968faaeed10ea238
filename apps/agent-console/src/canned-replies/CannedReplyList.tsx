import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedReplyPicker } from './useCannedReplyPicker';
import './canned-replies.css';

/**
 * The `/` list above the message box. Options are pressed with the mouse without taking focus from the box
 * (mousedown is cancelled), so typing goes on filtering after a hover.
 */
export function CannedReplyList({ picker }: { picker: CannedReplyPicker }) {
  const { t } = useTranslation();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!picker.open) return;
    list.current
      ?.querySelector(`[id="${picker.optionId(picker.highlighted)}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [picker, picker.open, picker.highlighted]);

  if (!picker.active) return null;
  return (
    <div className="canned-picker" hidden={!picker.open}>
      <ul ref={list} id={picker.listboxId} role="listbox" aria-label={t('canned.listLabel')}>
        {picker.matches.map((reply, index) => (
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events -- the keyboard stays in the message box, which moves aria-activedescendant over the options
          <li
            key={reply.id}
            id={picker.optionId(index)}
            role="option"
            aria-selected={index === picker.highlighted}
            className={index === picker.highlighted ? 'canned-option highlighted' : 'canned-option'}
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => index !== picker.highlighted && picker.highlight(index)}
            onClick={() => picker.pick(reply)}
          >
            <span className="canned-option-head">
              <span className="canned-shortcut">/{reply.shortcut}</span>
              <span className={`canned-scope canned-scope-${reply.scope}`}>
                {t(`canned.scope.${reply.scope}`)}
              </span>
            </span>
            <span className="canned-option-text">{reply.text}</span>
          </li>
        ))}
      </ul>
      <p className="canned-picker-hint" aria-hidden="true">
        {t('canned.pickerHint')}
      </p>
    </div>
  );
}
