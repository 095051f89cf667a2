/**
 * What a need's matches and a supplier's opportunities both show: a score's factors with the reason
 * for each, and for a near-miss what it lacks and the programme categories that would close the gap.
 */
import type { Localized } from '../../../shared/i18n/localized.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';

export interface Factor {
  factor: string;
  points: number;
  maxPoints: number;
  reason: string;
  reasonText?: Localized;
}

export function FactorList({ factors }: { factors: readonly Factor[] }) {
  const { label, num, text } = useI18n();
  return (
    <ul className="factors">
      {factors.map((f) => (
        <li key={f.factor} data-factor={f.factor}>
          <strong>{label('factor', f.factor)}</strong> {num(f.points, 1)}/{num(f.maxPoints)} — {text(f.reasonText, f.reason)}
        </li>
      ))}
    </ul>
  );
}

/** A near-miss: each thing it lacks, in the reader's language, and the programmes that help close the gap. */
export function GapToClose({
  lacking,
  lackingText,
  programmes,
}: {
  lacking: readonly string[];
  lackingText?: readonly Localized[] | undefined;
  programmes: readonly { category: string }[];
}) {
  const { t, label, text } = useI18n();
  return (
    <>
      <ul data-testid="lacking">
        {lacking.map((l, i) => (
          <li key={l}>{text(lackingText?.[i], l)}</li>
        ))}
      </ul>
      {programmes.length ? (
        <p className="small">
          {t('matching.closeGap')}{' '}
          {programmes.map((p) => (
            <Link key={p.category} to="/programmes" className="chip">
              {label('category', p.category)}
            </Link>
          ))}
        </p>
      ) : null}
    </>
  );
}
