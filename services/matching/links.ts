/**
 * Whom an enterprise user acts for (the registry's enterprise-links function): built only by the
 * handlers of the routes open to enterprise users, so the Lambda client ships in those alone.
 */
import { lambdaClient } from '../../shared/aws/lambda-client.ts';
import { type EnterpriseLinks, enterpriseLinksFunction, LambdaEnterpriseLinks } from '../../shared/registry-links/enterprise-links.ts';

export const buildLinks = (): EnterpriseLinks => new LambdaEnterpriseLinks(lambdaClient(), enterpriseLinksFunction);
