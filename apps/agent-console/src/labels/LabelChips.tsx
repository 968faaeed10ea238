import { useEffect } from 'react';
import { labelTextColor } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { useStore } from '../shared/store';
import { labelSetStore, loadLabelSet } from './label-set';
import './labels.css';

/** A label's colour from the set; a label the set no longer has (deleted meanwhile) shows in grey. */
const FALLBACK = '#4b5563';

export function useLabelSet() {
  const { workspace } = useConsole();
  const labels = useStore(labelSetStore, (s) => s.labels);
  useEffect(() => {
    void loadLabelSet(workspace.client);
  }, [workspace]);
  return labels;
}

/** A conversation's labels as coloured chips; the text is black or white, whichever reads better on the colour. */
export function LabelChips({ names }: { names: readonly string[] }) {
  return names.length > 0 ? <Chips names={names} /> : null;
}

function Chips({ names }: { names: readonly string[] }) {
  const { t } = useTranslation();
  const labels = useLabelSet();
  return (
    // Spans, not a list: the chips also sit inside row buttons, which take phrasing content only.
    <span className="label-chips">
      <span className="visually-hidden">{t('labels.chips')}</span>
      {names.map((name) => {
        const color = labels.find((l) => l.name === name)?.color ?? FALLBACK;
        return (
          <span key={name} className="label-chip" style={{ backgroundColor: color, color: labelTextColor(color) }}>
            {name}
          </span>
        );
      })}
    </span>
  );
}
