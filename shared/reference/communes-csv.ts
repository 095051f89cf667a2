/** Reads data/hanoi-communes.csv (`code,name,unit_type,name_en`; no quoted fields). */
export interface Commune {
  code: string;
  name: string;
  unitType: 'ward' | 'commune';
  nameEn: string;
}

export function parseCommunesCsv(text: string): Commune[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header !== 'code,name,unit_type,name_en') throw new Error(`unexpected header: ${header}`);
  return lines.map((line, i) => {
    const [code, name, unitType, nameEn] = line.split(',');
    if (!code || !/^\d{5}$/.test(code) || !name || (unitType !== 'ward' && unitType !== 'commune') || !nameEn) {
      throw new Error(`line ${i + 2} is malformed: ${line}`);
    }
    return { code, name, unitType, nameEn };
  });
}
