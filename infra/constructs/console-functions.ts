/**
 * The two CloudFront Functions (runtime cloudfront-js-2.0) in front of the web console, as source
 * text so that the tests run the very code CloudFront runs (test/infra/console.test.ts).
 *
 * They rewrite the viewer request before CloudFront picks what to fetch, which is why they are used
 * instead of the distribution's error responses: those would turn every 403/404 from the API too
 * into index.html with a 200.
 */

/**
 * `/api/*` → the HTTP API. The API's `$default` stage serves routes at the root (`/enterprises`),
 * so `/api/enterprises?sizeClass=micro` must reach it as `/enterprises` (the query string travels
 * apart from the URI). Mapping the stage under `/api` instead would need a custom domain name.
 */
export const STRIP_API_PREFIX = `function handler(event) {
  const request = event.request;
  const uri = request.uri;
  if (uri === '/api') request.uri = '/';
  else if (uri.startsWith('/api/')) request.uri = uri.substring(4);
  return request;
}`;

/**
 * Client-side routes of the single-page app (`/applications/123`) are served index.html; files
 * (`/assets/index-3f2a.js`, `/config.json`, `/favicon.ico`) are served as they are. A path is a
 * file when its last segment has a dot, so a client route must not.
 */
export const SPA_ROUTES = `function handler(event) {
  const request = event.request;
  const last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;
