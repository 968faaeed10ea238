import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type Rating } from '@switchboard/protocol';

const SCORES = [1, 2, 3, 4, 5] as const;
/** The star glyph: a picture, not a word (each star's name comes from the catalogue). */
const STAR = '★';
/** The radio group's arrow keys: right and up give a star more, left and down one less. */
const STEP_KEYS: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };

export interface RatingFormProps {
  rating: Rating | null;
  busy?: boolean;
  onRate: (score: number, comment: string) => void;
  onNewChat: () => void;
}

/** After the chat ends: 1 to 5 stars with an optional comment, then a way to start over. */
export function RatingForm({ rating, busy, onRate, onNewChat }: RatingFormProps) {
  const [score, setScore] = useState(0);
  const [hover, setHover] = useState(0);
  const [comment, setComment] = useState('');
  const shown = hover || score;
  const { t } = useTranslation();
  const stars = useRef<HTMLDivElement>(null);
  const choose = (value: number) => {
    setScore(value);
    stars.current?.querySelectorAll('button')[value - 1]?.focus();
  };
  return (
    <div className="sbw-card sbw-rating">
      {rating ? (
        <div role="status">
          <strong>{t('rating.thanks')}</strong>
          <p className="sbw-stars-static" aria-label={t('rating.youRated', { score: rating.score })}>
            {STAR.repeat(rating.score)}
            <span>{STAR.repeat(5 - rating.score)}</span>
          </p>
        </div>
      ) : (
        <form
          aria-label={t('rating.form')}
          onSubmit={(event) => {
            event.preventDefault();
            if (score) onRate(score, comment);
          }}
        >
          <strong>{t('rating.question')}</strong>
          <div className="sbw-stars" role="radiogroup" aria-label={t('rating.group')} ref={stars}>
            {SCORES.map((value) => (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={score === value}
                // One tab stop for the group (the chosen star, else the first); arrows move and choose.
                tabIndex={value === (score || 1) ? 0 : -1}
                onKeyDown={(event) => {
                  const step = STEP_KEYS[event.key];
                  if (!step) return;
                  event.preventDefault();
                  choose(Math.min(5, Math.max(1, value + step)));
                }}
                aria-label={t('rating.star', { count: value })}
                className={`sbw-star${value <= shown ? ' is-on' : ''}`}
                // Pointing at a star (or tabbing to it) previews its score and word; leaving it shows the choice.
                onMouseEnter={() => setHover(value)}
                onMouseLeave={() => setHover(0)}
                onFocus={() => setHover(value)}
                onBlur={() => setHover(0)}
                onClick={() => setScore(value)}
              >
                {STAR}
              </button>
            ))}
          </div>
          <p className="sbw-star-word" aria-hidden="true">
            {shown ? t(`rating.word${shown as (typeof SCORES)[number]}`) : ''}
          </p>
          <textarea
            className="sbw-rating-comment"
            aria-label={t('rating.comment')}
            placeholder={t('rating.commentPlaceholder')}
            maxLength={LIMITS.ratingCommentMaxLength}
            rows={2}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
          <button type="submit" className="sbw-button" disabled={!score || busy}>
            {t('rating.submit')}
          </button>
        </form>
      )}
      <button type="button" className="sbw-button is-secondary sbw-new-chat" onClick={onNewChat}>
        {t('rating.newChat')}
      </button>
    </div>
  );
}
