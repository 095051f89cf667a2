/**
 * An enterprise's own supplier profile as its page edits it (PUT /suppliers/{taxCode}/profile): the
 * inputs hold text, the body sends the API's shapes. The page edits processes, products,
 * certifications with their validity, capacity and contacts; every other field of the stored
 * profile (materials, customers, site, export, languages, a certificate's issuer) goes back as it
 * was, since the PUT replaces the whole profile. An empty input is left out, so the API's errors
 * name only what was typed wrong, under the input (paths `products.0.hsCode`, `contacts.1.email`).
 */
import type { paths } from '../api/schema';

export type ProfileBody = NonNullable<paths['/suppliers/{taxCode}/profile']['put']['requestBody']>['content']['application/json'];
export type ProcessId = ProfileBody['processes'][number];
type Product = NonNullable<ProfileBody['products']>[number];
type Certification = NonNullable<ProfileBody['certifications']>[number];
type Contact = NonNullable<ProfileBody['contacts']>[number];

/** `GET /suppliers/{taxCode}/profile` as the enterprise reads its own: the registry's facts, the profile, its contacts. */
export interface ProfileView {
  taxCode: string;
  name: string;
  status: string;
  communeCode: string;
  profile: Omit<ProfileBody, 'contacts'>;
  contacts?: Contact[];
  version: number;
  updatedAt: string;
}

export interface ProductRow {
  key: number;
  name: string;
  sector: string;
  hsCode: string;
}
export interface CertificationRow {
  key: number;
  standard: string;
  validUntil: string;
  certificateNo: string;
  issuer?: string | undefined;
}
export interface ContactRow {
  key: number;
  name: string;
  role: string;
  phone: string;
  email: string;
}

export interface ProfileForm {
  processes: ProcessId[];
  products: ProductRow[];
  certifications: CertificationRow[];
  monthlyCapacity: string;
  maxPartSizeMm: string;
  toleranceMm: string;
  tier: string;
  contacts: ContactRow[];
  /** What the page does not edit, sent back unchanged. */
  kept: Omit<
    ProfileBody,
    'processes' | 'products' | 'certifications' | 'monthlyCapacity' | 'maxPartSizeMm' | 'toleranceMm' | 'tier' | 'contacts'
  >;
}

let keys = 0;
/** A key for a new row (React's list key; never sent). */
export const rowKey = (): number => ++keys;

export const blankProduct = (): ProductRow => ({ key: rowKey(), name: '', sector: '', hsCode: '' });
export const blankCertification = (): CertificationRow => ({ key: rowKey(), standard: 'ISO 9001', validUntil: '', certificateNo: '' });
export const blankContact = (): ContactRow => ({ key: rowKey(), name: '', role: '', phone: '', email: '' });

const str = (n: number | undefined) => (n === undefined ? '' : String(n));

/** The form for a stored profile, or an empty one when the enterprise has none yet. */
export function formOf(view: ProfileView | undefined): ProfileForm {
  const {
    processes = [],
    products = [],
    certifications = [],
    monthlyCapacity,
    maxPartSizeMm,
    toleranceMm,
    tier,
    ...kept
  } = view?.profile ?? { processes: [] };
  return {
    processes: [...processes],
    products: products.map((p) => ({ key: rowKey(), name: p.name, sector: p.sector ?? '', hsCode: p.hsCode ?? '' })),
    certifications: certifications.map((c) => ({
      key: rowKey(),
      standard: c.standard,
      validUntil: c.validUntil,
      certificateNo: c.certificateNo ?? '',
      issuer: c.issuer,
    })),
    monthlyCapacity: str(monthlyCapacity),
    maxPartSizeMm: str(maxPartSizeMm),
    toleranceMm: str(toleranceMm),
    tier: str(tier),
    contacts: (view?.contacts ?? []).map((c) => ({
      key: rowKey(),
      name: c.name,
      role: c.role ?? '',
      phone: c.phone ?? '',
      email: c.email ?? '',
    })),
    kept,
  };
}

/** A typed number; what is not one goes as typed, for the API to name under its input. */
const numberOf = (s: string): number | undefined => {
  const v = s.trim();
  if (!v) return undefined;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : (v as unknown as number);
};

/** Only the fields given: `{ a: '' }` leaves `a` out. */
function given<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** The PUT body for the form. */
export function bodyOf(f: ProfileForm): ProfileBody {
  const tier = numberOf(f.tier);
  return {
    ...f.kept,
    processes: f.processes,
    products: f.products.map((p) => ({ name: p.name.trim(), ...given({ sector: p.sector, hsCode: p.hsCode.trim() }) }) as Product),
    certifications: f.certifications.map(
      (c) =>
        ({
          standard: c.standard,
          validUntil: c.validUntil,
          ...given({ certificateNo: c.certificateNo.trim(), issuer: c.issuer }),
        }) as Certification,
    ),
    ...given({
      monthlyCapacity: numberOf(f.monthlyCapacity),
      maxPartSizeMm: numberOf(f.maxPartSizeMm),
      toleranceMm: numberOf(f.toleranceMm),
    }),
    ...(tier !== undefined ? { tier: tier as 1 | 2 | 3 } : {}),
    contacts: f.contacts.map(
      (c) => ({ name: c.name.trim(), ...given({ role: c.role.trim(), phone: c.phone.trim(), email: c.email.trim() }) }) as Contact,
    ),
  };
}
