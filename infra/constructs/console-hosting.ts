/**
 * The web console (console/, a Vite single-page app) in AWS: its built files in a private bucket,
 * served by CloudFront through Origin Access Control, with the HTTP API on the same origin under
 * `/api/*` — so the console needs no CORS and no API address of its own, and the bearer token
 * never goes to another origin than the page's.
 *
 * - `/*` (default): the bucket; client routes get index.html (SPA_ROUTES); cached, and invalidated
 *   by every deployment of the files.
 * - `/api/*`: the API, every method, nothing cached, every viewer header but Host forwarded (API
 *   Gateway answers 403 to a Host that is not its own) — Authorization included, which CloudFront
 *   allows in an origin request policy only because caching is off; the `/api` prefix is stripped
 *   by STRIP_API_PREFIX.
 * - Viewers: HTTPS only for the API (a token sent over plain HTTP is already exposed: refused, not
 *   redirected); the pages redirect HTTP to HTTPS. Security headers on every answer.
 * - `/config.json` is written at deployment with what the console needs to sign in (user pool,
 *   client id, hosted UI domain, region) and where the API is (`/api`).
 *
 * The files come from `console/dist`, which `npm run build:console` writes; without it synthesis
 * stops and says so. Tests pass a fixture directory.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeNag, acknowledgeWildcardResource } from '../nag.ts';
import { SPA_ROUTES, STRIP_API_PREFIX } from './console-functions.ts';

/** aws-cdk-lib's id of the BucketDeployment function, a singleton in the stack. */
const DEPLOYMENT_HANDLER_ID_PREFIX = 'Custom::CDKBucketDeployment';

/** The behaviour path of the API, and the base path the console calls it on. */
export const CONSOLE_API_PATH = '/api';

export interface ConsoleHostingProps {
  /** The built console: a directory with index.html at its top (console/dist). */
  readonly assetsDir: string;
  readonly api: IHttpApi;
  /**
   * Origins the console's scripts may call besides its own (Content-Security-Policy connect-src):
   * the hosted UI's token endpoint, and the documents bucket that presigned uploads go to.
   */
  readonly connectOrigins: readonly string[];
  /** Origins the console may send a form to or navigate a frame to: the hosted UI. */
  readonly formOrigins: readonly string[];
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`, without a trailing slash. */
  readonly url: string;
  private readonly props: ConsoleHostingProps;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.props = props;
    requireBuiltConsole(props.assetsDir);

    // CloudFront's standard logs are written with bucket ACLs, so this bucket keeps ACLs on. The logs
    // are kept a year, and the bucket is retained when the stack goes.
    const logs = new Bucket(this, 'LogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Holds only what `build:console` made, redeployed whole on every deployment: not retained.
    this.bucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = this.securityHeaders();
    const stack = Stack.of(this);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `SME support web console (${stack.stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Viet Nam is served from the Asian edge locations, which this class includes.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: this.viewerFunction('SpaRoutes', SPA_ROUTES) }],
      },
      additionalBehaviors: {
        [`${CONSOLE_API_PATH}/*`]: {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [
            { eventType: FunctionEventType.VIEWER_REQUEST, function: this.viewerFunction('StripApiPrefix', STRIP_API_PREFIX) },
          ],
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    acknowledgeNag(
      this.distribution,
      'CFR1',
      'Agency staff sign in from wherever they work, travel included; access is decided by the user pool (MFA required), not by country.',
    );
    acknowledgeNag(
      this.distribution,
      'CFR2',
      'The pages are static files and the API behind /api is throttled by its stage and needs a Cognito token on every agency route; a WAF web ACL (created in us-east-1 for CloudFront, billed per rule and request) is left to the operator (README, deploying).',
    );
    acknowledgeNag(
      this.distribution,
      'CFR4',
      'With the default *.cloudfront.net certificate CloudFront keeps its own viewer TLS policy (TLSv1 minimum); raising it to TLSv1.2_2021 needs a custom domain with its ACM certificate, which this deployment does not have yet.',
    );
  }

  /**
   * Deploy the built files, plus `/config.json` with `config`, and invalidate the distribution's
   * cache so the new index.html and config are served at once. Old hashed assets are kept (prune
   * off), so a page loaded before the deployment can still load its lazy chunks.
   */
  deploy(config: Record<string, unknown>): BucketDeployment {
    const files = new Asset(this, 'FilesAsset', { path: this.props.assetsDir });
    const deployment = new BucketDeployment(this, 'Files', {
      sources: [Source.bucket(files.bucket, files.s3ObjectKey), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: false,
      // The bucket is emptied with the stack, so it can be deleted.
      retainOnDelete: false,
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler(files.bucket);
    return deployment;
  }

  /**
   * BucketDeployment copies the files with a CDK-provided function (one per stack and memory
   * size) whose role and runtime are CDK's, not ours to rebuild; it runs only during deployments.
   */
  private acknowledgeDeploymentHandler(assetBucket: IBucket): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith(DEPLOYMENT_HANDLER_ID_PREFIX));
    if (!handler)
      throw new Error(`no ${DEPLOYMENT_HANDLER_ID_PREFIX}… function in ${stack.node.path}: update its cdk-nag acknowledgements`);
    const why = "CDK's own BucketDeployment function, run only during deployments to copy the console files";
    acknowledgeNag(handler, 'L1', `${why}: its runtime is chosen by aws-cdk-lib.`);
    acknowledgeNag(
      handler,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `${why}: it writes only its logs with the managed basic execution policy.`,
    );
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      acknowledgeNag(handler, `IAM5[Action::${action}]`, `${why}: CDK grants it read of the asset and read-write of the console bucket.`);
    }
    acknowledgeWildcardResource(handler, `${this.bucket.bucketArn}/*`, `${why}: it writes every file of the console bucket.`);
    acknowledgeWildcardResource(handler, `${assetBucket.bucketArn}/*`, `${why}: it reads the files from the CDK assets bucket.`);
    acknowledgeNag(handler, 'IAM5[Resource::*]', `${why}: CloudFront invalidations have no resource-level permission.`);
  }

  private viewerFunction(id: string, code: string): CloudFrontFunction {
    return new CloudFrontFunction(this, id, { code: FunctionCode.fromInline(code), runtime: FunctionRuntime.JS_2_0 });
  }

  private securityHeaders(): ResponseHeadersPolicy {
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      // Vite-built component styles may be injected at run time.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self' ${this.props.connectOrigins.join(' ')}`,
      `form-action 'self' ${this.props.formOrigins.join(' ')}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; ');
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'SME support web console: security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        // The legacy XSS auditor is off ("0"), as current browsers advise; the CSP does that job.
        xssProtection: { protection: false, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });
  }
}

/** Synthesis stops here, with what to do, when the console has not been built. */
export function requireBuiltConsole(assetsDir: string): void {
  if (!existsSync(path.join(assetsDir, 'index.html'))) {
    throw new Error(
      `The web console is not built: ${path.join(assetsDir, 'index.html')} does not exist. ` +
        'Run `npm run build:console` (it writes console/dist), then synthesise or deploy again.',
    );
  }
}
