/**
 * The supplier profile as its page edits it: a stored profile comes back unchanged where the page
 * does not edit it, empty inputs are left out, and what is not a number goes as typed for the API
 * to refuse under its input.
 */
import { describe, expect, it } from 'vitest';
import { blankContact, blankProduct, bodyOf, formOf, type ProfileView } from '../src/pages/supplier-model.ts';

const stored: ProfileView = {
  taxCode: '0101234567',
  name: 'Công ty TNHH Cơ khí Đông Anh',
  status: 'active',
  communeCode: '00004',
  version: 3,
  updatedAt: '2026-05-02T03:00:00.000Z',
  profile: {
    processes: ['cnc-machining'],
    products: [{ name: 'Trục nhôm', sector: 'automobile' }],
    materials: ['nhôm 6061'],
    certifications: [{ standard: 'ISO 9001', validUntil: '2027-06-30', issuer: 'Quacert' }],
    monthlyCapacity: 20000,
    tier: 2,
    customers: [{ name: 'Canon Việt Nam', country: 'JP' }],
    site: { park: 'thang-long' },
    exportMarkets: ['JP'],
    languages: ['vi', 'ja'],
  },
  contacts: [{ name: 'Lê Văn C', email: 'c@example.vn' }],
};

describe('the supplier profile form', () => {
  it('sends a stored profile back as it was, the fields the page does not edit included', () => {
    expect(bodyOf(formOf(stored))).toEqual({ ...stored.profile, contacts: stored.contacts });
  });

  it('leaves empty inputs out and sends what is not a number as typed', () => {
    const form = formOf(undefined);
    form.processes = ['anodising'];
    form.products = [{ ...blankProduct(), name: ' Vỏ hộp ', hsCode: '' }];
    form.contacts = [{ ...blankContact(), name: 'Lê Văn C', phone: ' ' }];
    form.monthlyCapacity = '';
    form.toleranceMm = '0,05';
    form.maxPartSizeMm = 'lớn';
    expect(bodyOf(form)).toEqual({
      processes: ['anodising'],
      products: [{ name: 'Vỏ hộp' }],
      certifications: [],
      toleranceMm: 0.05,
      maxPartSizeMm: 'lớn',
      contacts: [{ name: 'Lê Văn C' }],
    });
  });
});
