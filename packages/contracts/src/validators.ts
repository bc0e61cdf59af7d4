import * as compiled from './generated/validators';
import { fromRaw } from './validate';

/**
 * One validator per wire schema, precompiled (no code generation at run time, CSP-safe). Each
 * returns `{ ok: true, value }` or `{ ok: false, issues }`; see {@link ValidationResult}.
 */
export const validators = Object.freeze({
  /** `contracts/jsonschema/error.json`: the body of every failed HTTP response. */
  errorBody: fromRaw(compiled.ErrorBody),
  /** `contracts/jsonschema/health.json`: `GET /healthz` (200). */
  healthResponse: fromRaw(compiled.HealthResponse),
  /** `contracts/jsonschema/readiness.json`: `GET /readyz` (200 ready, 503 not ready). */
  readinessResponse: fromRaw(compiled.ReadinessResponse),
  /** `contracts/jsonschema/client-error-report.json`: body of `POST /v1/diagnostics/client-errors`. */
  clientErrorReport: fromRaw(compiled.ClientErrorReport),
  /** `contracts/jsonschema/client-error-report-accepted.json`: its 202 response. */
  clientErrorReportAccepted: fromRaw(compiled.ClientErrorReportAccepted),
  /** `contracts/events/cloudevent.json`: the CloudEvents 1.0 envelope of party events. */
  cloudEvent: fromRaw(compiled.CloudEvent),
});
