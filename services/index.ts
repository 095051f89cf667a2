/**
 * Every service of the system. The CDK app and the local runtime are both built from this list;
 * adding a service here is what deploys it and runs it locally.
 */
import { assertComposable, type ServiceManifest } from '../shared/manifest.ts';
import { manifest as platform } from './platform/manifest.ts';
import { manifest as intake } from './intake/manifest.ts';
import { manifest as registry } from './registry/manifest.ts';
import { manifest as scoring } from './scoring/manifest.ts';
import { manifest as matching } from './matching/manifest.ts';
import { manifest as reporting } from './reporting/manifest.ts';
import { manifest as planning } from './planning/manifest.ts';
import { manifest as notifications } from './notifications/manifest.ts';

export const services: ServiceManifest[] = [platform, registry, intake, scoring, matching, reporting, planning, notifications];

assertComposable(services);
