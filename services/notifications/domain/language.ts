import { MAIL_LANGUAGES } from '../../../shared/contracts/notifications.ts';

export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** Vietnamese unless English was asked for (Decree 30/2020: administrative writing is in Vietnamese). */
export const DEFAULT_LANGUAGE: MailLanguage = 'vi';

export const LANGUAGES: readonly MailLanguage[] = MAIL_LANGUAGES;
