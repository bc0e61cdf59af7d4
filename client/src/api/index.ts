/** The app's HTTP client: one fetch wrapper with typed errors. */
export { ApiClient } from './api-client';
export type { ApiClientOptions, FetchLike, RequestOptions } from './api-client';
export { ApiError, errorFromBody, errorMessageKey, errorMessageKeys, isApiError } from './api-error';
export type { ApiErrorCode } from './api-error';
