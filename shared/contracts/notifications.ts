/**
 * Events of the notifications service. A message to an enterprise that could not be delivered —
 * refused by the mail service for good, or still failing after the last attempt — is announced
 * once per recipient, so intake can show it on the application's file.
 */
import * as z from 'zod';
import { isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';

/** RFC 5321's limit on a forward path (an address); contact e-mails are bounded to it everywhere. */
export const MAX_EMAIL_LENGTH = 254;

/** A contact e-mail as events carry it. */
export const emailAddress = z.email().max(MAX_EMAIL_LENGTH);

/** The languages messages to enterprises are written in: Vietnamese by default, English on request. */
export const MAIL_LANGUAGES = ['vi', 'en'] as const;
export const mailLanguage = z.enum(MAIL_LANGUAGES);

export const notificationFailed = defineEvent(
  'notification.failed',
  1,
  z.object({
    /** The event the message was about (one message per event and recipient). */
    sourceEventId: z.string().min(1).max(100),
    /** The template: `application-received`, `application-decided`, `fair-agenda`, … */
    kind: z.string().min(1).max(60),
    to: emailAddress,
    /** Absent for messages about no application (a fair's agenda). */
    applicationId: z.string().min(1).max(100).optional(),
    taxCode: z.string().min(1).max(20).optional(),
    /** `rejected`: the mail service refused it for good; `exhausted`: every attempt failed. */
    failure: z.enum(['rejected', 'exhausted']),
    reason: z.string().max(500),
    attempts: z.number().int().min(1).max(100),
    failedAt: isoInstant,
  }),
);
