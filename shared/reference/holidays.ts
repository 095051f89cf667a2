/**
 * Vietnam's public holidays and Tết, year by year, as civil servants keep them: Vietnamese
 * administrative deadlines are counted in working days (docs/domain.md §1), which are Monday to
 * Friday except these days off, plus the Saturdays the government swaps in as working days.
 *
 * The Labour Code 2019, Art. 112, fixes the holidays: 1 January; 5 days of Tết (lunar new year;
 * the dates are set each year); the Hùng Kings' day (10th of the 3rd lunar month); 30 April;
 * 1 May; 2 September and one day next to it (set each year). A holiday on a weekly rest day is
 * taken on the next working day (Art. 112(3)). Each year the Ministry of Home Affairs (Bộ Nội vụ)
 * proposes and the government announces the Tết dates and any swaps of a working day for a
 * Saturday that make a long weekend. So each year is data, with the source of each day.
 *
 * `complete: false` marks a year whose announcement was not found: the days listed are only those
 * the Labour Code fixes by date, so Tết (and swaps) are missing. shared/time/working-days.ts
 * reports every answer touching such a year, or a year not listed at all, as incomplete.
 *
 * Pending, not in the data: the Politburo's Resolution 80-NQ/TW (Jan 2026) makes 24 November
 * "Vietnam Culture Day" a paid day off, to be written into Art. 112 by an amendment of the
 * Labour Code (Government Resolution 30/NQ-CP, reported 26 Feb 2026:
 * https://vneconomy.vn/bo-sung-ngay-van-hoa-viet-nam-2411-vao-danh-muc-ngay-nghi-huong-nguyen-luong.htm).
 * Add it to each year once the amendment is in force.
 */

export interface DayOff {
  date: string;
  name: { vi: string; en: string };
  /** `holiday`: a Labour Code day; `in-lieu`: a holiday on a weekend taken on the next working day; `swap`: a working day given off for a Saturday worked. */
  kind: 'holiday' | 'in-lieu' | 'swap';
  source: string;
}

export interface WorkingSaturday {
  date: string;
  /** The day off it makes up for. */
  for: string;
  source: string;
}

export interface HolidayYear {
  year: number;
  /** False when the year's announcement was not found: only the Labour Code's fixed dates are listed. */
  complete: boolean;
  daysOff: readonly DayOff[];
  workingSaturdays: readonly WorkingSaturday[];
  note?: string;
}

const LABOUR_CODE = 'Labour Code 2019, Art. 112';

const NEW_YEAR = { vi: 'Tết Dương lịch', en: "New Year's Day" } as const;
const TET = { vi: 'Tết Âm lịch', en: 'Tết (lunar new year)' } as const;
const HUNG_KINGS = { vi: 'Giỗ Tổ Hùng Vương', en: "Hùng Kings' Commemoration" } as const;
const REUNIFICATION = { vi: 'Ngày Chiến thắng', en: 'Reunification Day' } as const;
const LABOUR = { vi: 'Ngày Quốc tế lao động', en: 'International Labour Day' } as const;
const NATIONAL = { vi: 'Quốc khánh', en: 'National Day' } as const;

// 2025 ----------------------------------------------------------------------------------------
const TET_2025 =
  'Tết Ất Tỵ 2025: civil servants off Sat 25 Jan – Sun 2 Feb 2025, 9 days (Bộ Nội vụ agreed; https://baophapluat.vn/nghi-le-ngay-chien-thang-tag274781.html ; dates: https://www.tet-amlich.com/2024/11/cac-ngay-nghi-le-2025.html)';
const MAY_2025 =
  '30 Apr – 4 May 2025 off, Fri 2 May swapped for Sat 26 Apr (TTXVN/VietnamPlus: https://www.vietnamplus.vn/cong-chuc-vien-chuc-duoc-nghi-the-nao-trong-dip-le-304-152025-post1033115.vnp)';
const SEPT_2025 = 'Quốc khánh 2025: 30 Aug – 2 Sep off (https://www.tet-amlich.com/2024/11/cac-ngay-nghi-le-2025.html)';

// 2026 ----------------------------------------------------------------------------------------
const NEW_YEAR_2026 =
  'Government Office letter 12729/VPCP-KGVX (25 Dec 2025): 1–4 Jan 2026 off, Fri 2 Jan swapped for Sat 10 Jan (reported: https://www.collector.com.tr//965292743)';
const TB_9441 =
  'Bộ Nội vụ Notice 9441/TB-BNV (16 Oct 2025) on Tết and National Day 2026: https://vietbao.vn/bo-noi-vu-thong-bao-lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-568329.html ; https://www.vietnam.vn/ro/cong-chuc-vien-chuc-nguoi-lao-dong-hai-phong-duoc-nghi-tet-binh-ngo-lien-tuc-9-ngay';
const APRIL_2026 =
  'Hùng Kings’ day falls on Sun 26 Apr 2026, taken Mon 27 Apr; 30 Apr and 1 May on Thu and Fri (Thanh Niên, 23 Feb 2026: https://thanhnien.vn/gio-to-hung-vuong-304-15-quoc-khanh-29-nam-2026-duoc-nghi-may-ngay-185260223083506397.htm)';

export const HOLIDAY_YEARS: Readonly<Record<number, HolidayYear>> = {
  2025: {
    year: 2025,
    complete: true,
    daysOff: [
      { date: '2025-01-01', name: NEW_YEAR, kind: 'holiday', source: LABOUR_CODE },
      ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({
        date,
        name: TET,
        kind: 'holiday' as const,
        source: `${LABOUR_CODE}; ${TET_2025}`,
      })),
      {
        date: '2025-04-07',
        name: HUNG_KINGS,
        kind: 'holiday',
        source: `${LABOUR_CODE}; https://www.tet-amlich.com/2024/11/cac-ngay-nghi-le-2025.html`,
      },
      { date: '2025-04-30', name: REUNIFICATION, kind: 'holiday', source: LABOUR_CODE },
      { date: '2025-05-01', name: LABOUR, kind: 'holiday', source: LABOUR_CODE },
      { date: '2025-05-02', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' }, kind: 'swap', source: MAY_2025 },
      { date: '2025-09-01', name: NATIONAL, kind: 'holiday', source: `${LABOUR_CODE}; ${SEPT_2025}` },
      { date: '2025-09-02', name: NATIONAL, kind: 'holiday', source: `${LABOUR_CODE}; ${SEPT_2025}` },
    ],
    workingSaturdays: [{ date: '2025-04-26', for: '2025-05-02', source: MAY_2025 }],
  },
  2026: {
    year: 2026,
    complete: true,
    daysOff: [
      { date: '2026-01-01', name: NEW_YEAR, kind: 'holiday', source: LABOUR_CODE },
      { date: '2026-01-02', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' }, kind: 'swap', source: NEW_YEAR_2026 },
      // Tết Bính Ngọ: off Sat 14 – Sun 22 Feb 2026, 9 days; the 5 Tết days are Mon 16 – Fri 20 Feb.
      ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({
        date,
        name: TET,
        kind: 'holiday' as const,
        source: `${LABOUR_CODE}; ${TB_9441}`,
      })),
      { date: '2026-04-27', name: HUNG_KINGS, kind: 'in-lieu', source: `${LABOUR_CODE}(3); ${APRIL_2026}` },
      { date: '2026-04-30', name: REUNIFICATION, kind: 'holiday', source: `${LABOUR_CODE}; ${APRIL_2026}` },
      { date: '2026-05-01', name: LABOUR, kind: 'holiday', source: `${LABOUR_CODE}; ${APRIL_2026}` },
      // National Day: 1–2 Sep, and Mon 31 Aug swapped for Sat 22 Aug (off Sat 29 Aug – Wed 2 Sep).
      { date: '2026-08-31', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' }, kind: 'swap', source: TB_9441 },
      { date: '2026-09-01', name: NATIONAL, kind: 'holiday', source: `${LABOUR_CODE}; ${TB_9441}` },
      { date: '2026-09-02', name: NATIONAL, kind: 'holiday', source: `${LABOUR_CODE}; ${TB_9441}` },
    ],
    workingSaturdays: [
      { date: '2026-01-10', for: '2026-01-02', source: NEW_YEAR_2026 },
      { date: '2026-08-22', for: '2026-08-31', source: TB_9441 },
    ],
  },
  2027: {
    year: 2027,
    complete: false,
    daysOff: [
      { date: '2027-01-01', name: NEW_YEAR, kind: 'holiday', source: LABOUR_CODE },
      { date: '2027-04-30', name: REUNIFICATION, kind: 'holiday', source: LABOUR_CODE },
      // 1 May 2027 is a Saturday: taken on the next working day.
      { date: '2027-05-03', name: LABOUR, kind: 'in-lieu', source: `${LABOUR_CODE}(3)` },
      { date: '2027-09-02', name: NATIONAL, kind: 'holiday', source: LABOUR_CODE },
    ],
    workingSaturdays: [],
    note: 'No announcement of 2027 found (searched for Bộ Nội vụ / government notices; Tết dates are usually announced in October or November of the year before). Listed: the Labour Code’s fixed dates only; Tết, the Hùng Kings’ day, the day next to 2 September and any swaps are missing.',
  },
};
